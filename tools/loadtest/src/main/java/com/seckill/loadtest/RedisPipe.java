package com.seckill.loadtest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal Redis client for the bench's setup: commands written in RESP and pipelined (many commands,
 * then their replies), so a hundred thousand script calls take seconds rather than round trips.
 * Replies: String (simple and bulk strings), Long, List, null, or {@link Error}.
 */
final class RedisPipe implements AutoCloseable {

    /** An error reply ("-ERR ..."): part of the answer, not an exception, so a pipeline reads on. */
    record Error(String message) {
    }

    private static final int IN_FLIGHT = 1_000;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RedisPipe(String host, int port) throws IOException {
        this.socket = new Socket(host, port);
        socket.setSoTimeout(30_000);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    Object call(String... command) throws IOException {
        return pipeline(List.of(List.of(command))).get(0);
    }

    /** Every command's reply, in order; at most {@value #IN_FLIGHT} commands are unanswered at a time. */
    List<Object> pipeline(List<List<String>> commands) throws IOException {
        List<Object> replies = new ArrayList<>(commands.size());
        for (int from = 0; from < commands.size(); from += IN_FLIGHT) {
            List<List<String>> chunk = commands.subList(from, Math.min(commands.size(), from + IN_FLIGHT));
            for (List<String> command : chunk) {
                write(out, command);
            }
            out.flush();
            for (int i = 0; i < chunk.size(); i++) {
                replies.add(read(in));
            }
        }
        return replies;
    }

    static void write(OutputStream out, List<String> command) throws IOException {
        out.write(('*' + Integer.toString(command.size()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : command) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            out.write(('$' + Integer.toString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write('\r');
            out.write('\n');
        }
    }

    static Object read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Redis closed the connection");
        }
        String line = line(in);
        return switch (type) {
            case '+' -> line;
            case '-' -> new Error(line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException("a bulk string of " + length + " bytes was cut short");
                }
                yield new String(bytes, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>(length);
                for (int i = 0; i < length; i++) {
                    items.add(read(in));
                }
                yield items;
            }
            default -> throw new IOException("not a RESP reply: '" + (char) type + line + "'");
        };
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                throw new EOFException("Redis closed the connection mid-reply");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("a RESP line without its \\n");
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
