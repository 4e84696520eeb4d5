package com.seckill.loadtest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection, used by one thread at a time: write a request, read the answer,
 * like a browser tab or wrk's connections. Why not java.net.http.HttpClient: measured on the same
 * gateway endpoint it reached a third of wrk's rate (its selector thread and future hops sit between
 * every request and its answer), so the shop's numbers would have been the tool's.
 */
final class Http1Connection implements AutoCloseable {

    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private final InetAddress source;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Http1Connection(String host, int port, int timeoutMillis) {
        this(host, port, null, timeoutMillis);
    }

    /** @param source the local address to connect from, or null for the system's choice */
    Http1Connection(String host, int port, InetAddress source, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.source = source;
        this.timeoutMillis = timeoutMillis;
    }

    /** Sends one request; on a kept-alive connection the server had closed, reconnects once and sends it again. */
    Response exchange(String method, String path, Map<String, String> headers, String body) throws IOException {
        boolean reused = socket != null;
        try {
            return send(method, path, headers, body);
        } catch (ClosedBeforeAnswer e) {
            close();
            if (!reused) {
                throw e;
            }
            // Closed while idle, before a single byte of an answer: the server never took the request.
            return send(method, path, headers, body);
        } catch (IOException e) {
            close();
            throw e;
        } catch (RuntimeException malformed) {
            // An answer that is not HTTP/1.1 as expected: the stream's position is lost with it.
            close();
            throw new IOException("malformed answer: " + malformed, malformed);
        }
    }

    private Response send(String method, String path, Map<String, String> headers, String body) throws IOException {
        if (socket == null) {
            open();
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(content);
        out.flush();
        return read(method);
    }

    private Response read(String method) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new ClosedBeforeAnswer();
        }
        String statusLine = (char) first + line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        if (status / 100 == 1 || status == 204 || status == 304 || "HEAD".equals(method)) {
            // no body by definition, whatever the headers say
        } else if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                 size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                copy(size, content);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            copy(length, content);
        } else {
            in.transferTo(content);
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, content.toString(StandardCharsets.UTF_8));
    }

    private void copy(long bytes, ByteArrayOutputStream into) throws IOException {
        byte[] buffer = new byte[8192];
        for (long left = bytes; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("connection closed in a response body");
            }
            into.write(buffer, 0, n);
            left -= n;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private void open() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(timeoutMillis);
        if (source != null) {
            s.bind(new InetSocketAddress(source, 0));
        }
        s.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(s.getOutputStream(), 8 * 1024);
    }

    private static final class ClosedBeforeAnswer extends EOFException {
        ClosedBeforeAnswer() {
            super("connection closed by the server before it answered");
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
            socket = null;
        }
    }
}
