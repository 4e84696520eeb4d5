package com.seckill.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** tail -n and tail -f for the log files, reading backwards so a large log costs nothing. */
public final class LogTail {

    private static final int CHUNK = 8192;

    private LogTail() {
    }

    public static List<String> lastLines(Path file, int n) throws IOException {
        if (n <= 0 || !Files.exists(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            // A trailing newline ends the last line; it does not start an empty one.
            long stopAt = end;
            if (end > 0) {
                raf.seek(end - 1);
                if (raf.read() == '\n') {
                    stopAt = end - 1;
                }
            }
            long pos = stopAt;
            int newlines = 0;
            long start = 0;
            byte[] buf = new byte[CHUNK];
            search:
            while (pos > 0) {
                int len = (int) Math.min(CHUNK, pos);
                pos -= len;
                raf.seek(pos);
                raf.readFully(buf, 0, len);
                for (int i = len - 1; i >= 0; i--) {
                    if (buf[i] == '\n' && ++newlines == n) {
                        start = pos + i + 1;
                        break search;
                    }
                }
            }
            byte[] tail = new byte[(int) (stopAt - start)];
            raf.seek(start);
            raf.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
        }
    }

    /** Prints what is appended to the file until the thread is interrupted (or the JVM ends on Ctrl-C). */
    public static void follow(Path file, PrintStream out) throws IOException {
        long pos = Files.exists(file) ? Files.size(file) : 0;
        byte[] buf = new byte[CHUNK];
        while (!Thread.currentThread().isInterrupted()) {
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (size < pos) {
                // wiped by `up --clean` or truncated: start over from its beginning
                pos = 0;
            }
            if (size > pos) {
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                    raf.seek(pos);
                    int read;
                    while (pos < size && (read = raf.read(buf, 0, (int) Math.min(buf.length, size - pos))) > 0) {
                        out.write(buf, 0, read);
                        pos += read;
                    }
                }
                out.flush();
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
