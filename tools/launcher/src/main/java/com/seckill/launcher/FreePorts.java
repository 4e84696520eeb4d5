package com.seckill.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Free loopback ports for a suite that must not collide with one already running on the defaults
 * (an end-to-end test). Free when picked; nothing holds them afterwards.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** SECKILL_*_PORT variables for every process, all distinct and currently free. */
    public static Map<String, String> suiteEnv() {
        Set<Integer> taken = new HashSet<>();
        Map<String, String> env = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            env.put(s.portEnv(), Integer.toString(pick(taken)));
        }
        env.put("SECKILL_ROCKETMQ_BROKER_PORT", Integer.toString(brokerPort(taken)));
        env.put("SECKILL_EMBEDDED_REDIS_PORT", Integer.toString(pick(taken)));
        env.put("SECKILL_EMBEDDED_MYSQL_PORT", Integer.toString(pick(taken)));
        return env;
    }

    public static int pick() {
        return pick(new HashSet<>());
    }

    /**
     * A broker also binds port-2 (its "fast" channel) and port+1 (HA), so all three must be free.
     */
    public static int brokerPort(Set<Integer> taken) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = pick(taken);
            if (p > 1026 && p < 65535 && isFree(p - 2) && isFree(p + 1)
                    && !taken.contains(p - 2) && !taken.contains(p + 1)) {
                taken.add(p - 2);
                taken.add(p + 1);
                return p;
            }
        }
        throw new IllegalStateException("no free broker port with free neighbours found");
    }

    private static int pick(Set<Integer> taken) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                if (taken.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
