package com.seckill.loadtest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The suite's own {@code ./seckill} script, for the one phase that stops and restarts a service. */
final class Launcher {

    private final Path script;

    Launcher(Path script) {
        this.script = script;
    }

    /** Runs {@code ./seckill <args>} with extra environment, its output on this tool's stderr. */
    void run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IOException("./seckill " + String.join(" ", args) + " exited with " + exit);
        }
    }
}
