package com.seckill.order.id;

/**
 * No id can be made now: this instance holds no lease on a worker id for the current time (Redis did
 * not answer long enough for the lease to run out, or every id is taken). Making one anyway could repeat
 * another instance's id. No stack trace: it is an answer to every order while it lasts.
 */
public final class WorkerIdUnavailable extends RuntimeException {

    WorkerIdUnavailable(String message) {
        super(message, null, false, false);
    }
}
