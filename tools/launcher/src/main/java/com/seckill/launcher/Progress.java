package com.seckill.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * One line per process while waiting. On a terminal, dots grow on that line; otherwise (CI, a pipe
 * to a file) plain lines, with a note now and then so a slow start does not look like a hang.
 */
public final class Progress {

    static final int NAME_WIDTH = 24;
    private static final long PLAIN_NOTE_EVERY_S = 30;

    private final PrintStream out;
    private final boolean interactive;
    private String name;
    private long lastMark;
    private int dots;

    public Progress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    public PrintStream out() {
        return out;
    }

    public boolean interactive() {
        return interactive;
    }

    public void begin(String name, String what) {
        this.name = name;
        this.lastMark = 0;
        this.dots = 0;
        if (interactive) {
            out.print(label(name) + what + " ");
        } else {
            out.println(label(name) + what);
        }
        out.flush();
    }

    public void tick(Duration elapsed) {
        long s = elapsed.toSeconds();
        if (interactive) {
            // One dot a second, then one every five, so a three-minute wait still fits a line.
            long step = dots < 30 ? 1 : 5;
            if (s >= lastMark + step) {
                lastMark = s;
                dots++;
                out.print('.');
                out.flush();
            }
        } else if (s >= lastMark + PLAIN_NOTE_EVERY_S) {
            lastMark = s;
            out.println(label(name) + "still waiting (" + s + " s)");
            out.flush();
        }
    }

    /** Ends the line begun by {@link #begin}. */
    public void end(String message) {
        if (interactive) {
            out.println((dots > 0 ? " " : "") + message);
        } else {
            out.println(label(name) + message);
        }
        out.flush();
    }

    /** A line of its own, aligned with the progress lines. */
    public void line(String name, String message) {
        out.println(label(name) + message);
        out.flush();
    }

    static String label(String name) {
        return "  " + String.format(Locale.ROOT, "%-" + NAME_WIDTH + "s", name);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
