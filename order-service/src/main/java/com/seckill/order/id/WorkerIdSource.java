package com.seckill.order.id;

/** Which worker id may go into an id stamped with a given time; asked for every id. */
@FunctionalInterface
interface WorkerIdSource {

    int NONE = -1;

    /** The worker id for an id stamped {@code epochMillis}, or {@link #NONE} when none may be. */
    int workerIdAt(long epochMillis);
}
