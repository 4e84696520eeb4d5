package com.seckill.loadtest;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Inline SVG line charts for the HTML report: presentation attributes only, so they need no CSS or script. */
final class Svg {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 220;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 30;
    private static final int BOTTOM = 34;
    private static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    private static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

    private Svg() {
    }

    /** One series, a value per second of the run; NaN means no point (the line breaks there). */
    record Line(String label, String colour, double[] values) {
    }

    /** A chart over seconds 0..n-1 with a y axis from 0 to a round value at or above the largest point. */
    static String lineChart(String title, String unit, List<Line> lines) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<title>").append(escape(title)).append("</title>\n");
        text(svg, LEFT, 16, "start", escape(title) + " (" + escape(unit) + ")", " font-weight=\"bold\"");

        int seconds = lines.stream().mapToInt(l -> l.values().length).max().orElse(0);
        double highest = lines.stream().flatMapToDouble(l -> Arrays.stream(l.values()))
                .filter(Double::isFinite).max().orElse(Double.NaN);
        if (Double.isNaN(highest)) {
            rect(svg);
            text(svg, LEFT + PLOT_WIDTH / 2.0, TOP + PLOT_HEIGHT / 2.0, "middle", "no data", "");
            return svg.append("</svg>\n").toString();
        }

        Axis x = Axis.of(seconds - 1, 1);
        Axis y = Axis.of(highest, 0);
        for (int i = 0; i <= y.ticks(); i++) {
            double v = i * y.step();
            double py = py(v, y);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, py, LEFT + PLOT_WIDTH, py));
            text(svg, LEFT - 6, py + 4, "end", y.label(v), "");
        }
        for (int i = 0; i <= x.ticks(); i++) {
            double v = i * x.step();
            double px = px(v, x);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>%n",
                    px, TOP + PLOT_HEIGHT, px, TOP + PLOT_HEIGHT + 4));
            text(svg, px, TOP + PLOT_HEIGHT + 16, "middle", x.label(v), "");
        }
        text(svg, LEFT + PLOT_WIDTH, HEIGHT - 2, "end", "seconds since first request", "");
        rect(svg);

        int legendX = WIDTH - RIGHT - 90 * lines.size();
        for (Line line : lines) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"12\" x2=\"%d\" y2=\"12\" stroke=\"%s\""
                    + " stroke-width=\"2\"/>%n", legendX, legendX + 16, escape(line.colour())));
            text(svg, legendX + 20, 16, "start", escape(line.label()), "");
            legendX += 90;
        }
        for (Line line : lines) {
            svg.append(String.format("<path fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" stroke-linecap=\"round\""
                    + " stroke-linejoin=\"round\" d=\"%s\"/>%n", escape(line.colour()), path(line.values(), x, y)));
        }
        return svg.append("</svg>\n").toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String path(double[] values, Axis x, Axis y) {
        StringBuilder d = new StringBuilder();
        boolean drawing = false;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                drawing = false;
                continue;
            }
            // "h0" after a move: with round caps a zero-length segment shows as a dot, so a lone point stays visible.
            d.append(String.format(Locale.ROOT, drawing ? "L%.1f %.1f " : "M%.1f %.1f h0 ",
                    px(i, x), py(values[i], y)));
            drawing = true;
        }
        return d.toString().trim();
    }

    private static double px(double value, Axis x) {
        return LEFT + value / x.top() * PLOT_WIDTH;
    }

    private static double py(double value, Axis y) {
        return TOP + PLOT_HEIGHT - value / y.top() * PLOT_HEIGHT;
    }

    private static void rect(StringBuilder svg) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#333\"/>%n", LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT));
    }

    /** @param escaped already escaped text */
    private static void text(StringBuilder svg, double x, double y, String anchor, String escaped, String extra) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>%n",
                x, y, anchor, extra, escaped));
    }

    /** Ticks every {@code step} from 0 to {@code top}: about four of them, at 1, 2 or 5 times a power of ten. */
    private record Axis(double step, int ticks) {

        static Axis of(double highest, double minStep) {
            double max = highest > 0 ? highest : 1;
            double step = Math.max(niceStep(max / 4), minStep);
            // The epsilon keeps 0.30000000000000004 from rounding up to a whole extra step.
            return new Axis(step, (int) Math.ceil(max / step - 1e-9));
        }

        double top() {
            return ticks * step;
        }

        private static double niceStep(double rough) {
            double power = Math.pow(10, Math.floor(Math.log10(rough)));
            double fraction = rough / power;
            return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
        }

        String label(double value) {
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
    }
}
