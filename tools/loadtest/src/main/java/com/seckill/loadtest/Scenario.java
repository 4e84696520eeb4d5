package com.seckill.loadtest;

/** One kind of traffic against the shop; {@link #run} returns once all of its requests are done. */
interface Scenario {

    void run(ShopClient client) throws InterruptedException;
}
