package com.seckill.launcher;

/** A start-up that cannot go on; the message is written for the person at the terminal. */
public class SuiteException extends Exception {

    public SuiteException(String message) {
        super(message);
    }

    public SuiteException(String message, Throwable cause) {
        super(message, cause);
    }
}
