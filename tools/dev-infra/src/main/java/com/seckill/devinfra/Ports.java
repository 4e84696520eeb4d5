package com.seckill.devinfra;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Collection;

/** Free-port helpers. Probing is racy by nature; good enough for one developer machine. */
final class Ports {

    private Ports() {
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free TCP port: " + e.getMessage(), e);
        }
    }

    /** Binds the wildcard address, like the servers do, so a port held on any interface counts as taken. */
    static boolean isFree(int port) {
        if (port <= 0 || port > 65535) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void requireFree(int port, String what) {
        if (!isFree(port)) {
            throw new IllegalStateException(what + " port " + port + " is already in use");
        }
    }

    /** A port p such that every p+offset is free and none is in {@code avoid}. */
    static int freePortGroup(Collection<Integer> avoid, int... offsets) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = freePort();
            boolean ok = true;
            for (int offset : offsets) {
                int port = candidate + offset;
                if (port < 1024 || avoid.contains(port) || (offset != 0 && !isFree(port))) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                return candidate;
            }
        }
        throw new IllegalStateException("found no group of free TCP ports");
    }
}
