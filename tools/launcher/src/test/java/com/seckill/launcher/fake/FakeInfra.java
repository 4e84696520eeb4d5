package com.seckill.launcher.fake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for InfraMain: same arguments, same ready-file contract, and a native child (like
 * mysqld) that it deliberately leaves behind on SIGTERM, so the launcher must stop it.
 */
public final class FakeInfra {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--no-rocketmq")) {
                flags.add(args[i]);
            } else {
                opts.put(args[i], args[++i]);
            }
        }
        Path ready = Path.of(opts.get("--ready-file"));
        Path data = Path.of(opts.get("--data-dir"));
        Files.createDirectories(data);
        Files.writeString(data.resolve("infra-args.txt"), String.join(" ", args));
        Process child = new ProcessBuilder("sleep", "600").inheritIO().start();
        Files.writeString(data.resolve("child.pid"), Long.toString(child.pid()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(ready);
            } catch (Exception ignored) {
                // test double
            }
        }));
        StringBuilder lines = new StringBuilder();
        if (!flags.contains("--no-rocketmq")) {
            lines.append("rocketmq.namesrv=127.0.0.1:").append(opts.get("--rocketmq-namesrv-port")).append('\n');
        }
        if (opts.containsKey("--redis-port")) {
            lines.append("redis.url=redis://127.0.0.1:").append(opts.get("--redis-port")).append('\n');
        }
        if (opts.containsKey("--mysql-port")) {
            lines.append("mysql.url=jdbc:mysql://127.0.0.1:").append(opts.get("--mysql-port")).append('\n');
        }
        Thread.sleep(300);
        Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
        Files.writeString(tmp, lines);
        Files.move(tmp, ready, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("fake infra ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}
