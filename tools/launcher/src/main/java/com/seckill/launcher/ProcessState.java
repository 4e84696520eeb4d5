package com.seckill.launcher;

public enum ProcessState {
    RUNNING("running"),
    STOPPED("stopped"),
    /** A pid file whose process is gone (crashed, killed, or the machine rebooted). */
    DEAD_PIDFILE("dead-pidfile");

    private final String label;

    ProcessState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
