package com.seckill.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders {@link ServiceStatus} rows as the aligned table of {@code ./seckill status}. */
public final class StatusTable {

    private StatusTable() {
    }

    public static String render(List<ServiceStatus> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"NAME", "STATE", "PORT", "PID", "RSS", "HEALTH"});
        long total = 0;
        int running = 0;
        for (ServiceStatus r : rows) {
            cells.add(new String[] {
                    r.instance().name(), r.state().label(), r.ports(),
                    r.pid() > 0 ? Long.toString(r.pid()) : "-",
                    r.running() ? mb(r.rssKb()) : "-",
                    r.health()});
            total += r.rssKb();
            running += r.running() ? 1 : 0;
        }
        int[] width = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                // numbers right-aligned so RSS columns line up
                boolean right = i == 3 || i == 4;
                boolean last = i == row.length - 1;
                sb.append(last ? row[i] : String.format(Locale.ROOT, "%" + (right ? "" : "-") + width[i] + "s", row[i]));
                sb.append(last ? "" : "  ");
            }
            sb.append(System.lineSeparator());
        }
        sb.append("total RSS: ").append(mb(total)).append(" (").append(running).append(" of ")
                .append(rows.size()).append(" running)").append(System.lineSeparator());
        return sb.toString();
    }

    static String mb(long kb) {
        return String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
    }
}
