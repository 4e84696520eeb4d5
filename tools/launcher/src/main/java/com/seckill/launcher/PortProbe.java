package com.seckill.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** "Does something accept TCP connections here?" — an interface so plans can be tested without sockets. */
@FunctionalInterface
public interface PortProbe {

    boolean isOpen(String host, int port);

    /** A real connect with a short timeout: a local port either answers at once or not at all. */
    static PortProbe tcp() {
        return (host, port) -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        };
    }
}
