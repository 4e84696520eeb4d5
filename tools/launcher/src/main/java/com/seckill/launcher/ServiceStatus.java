package com.seckill.launcher;

/**
 * One row of {@code ./seckill status}.
 *
 * @param ports  what it listens on, e.g. "8081" or "9876/10911" for infra
 * @param pid    -1 when not running
 * @param rssKb  resident memory of the process and its descendants, 0 when not running
 * @param health UP, DOWN, or "-" when not running
 */
public record ServiceStatus(Instance instance, ProcessState state, String ports, long pid, long rssKb,
                            String health) {

    public Service service() {
        return instance.service();
    }

    public boolean running() {
        return state == ProcessState.RUNNING;
    }

    public boolean up() {
        return "UP".equals(health);
    }
}
