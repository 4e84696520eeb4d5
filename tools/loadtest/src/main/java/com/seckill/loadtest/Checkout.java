package com.seckill.loadtest;

import java.util.UUID;

/**
 * How one buyer buys, ending in the answer that decides for them. The suite takes the order in one
 * request (no purchase token: it is optional unless the shop requires one) and accepts with 202; the
 * baseline rival answers 201 once the row is written.
 */
enum Checkout {

    SUITE(202) {
        /**
         * As the shop's app does: the order carries an Idempotency-Key, and an answer that did not come
         * (a 5xx such as a 503 from a time limit, a dropped connection) is asked again with the same key, so a buyer
         * whose order went through anyway learns it instead of leaving an order they never heard of.
         */
        @Override
        ShopClient.Answer buy(ShopClient client, String activityId, String jwt) {
            String key = UUID.randomUUID().toString();
            ShopClient.Answer answer = client.placeOrder(activityId, jwt, key);
            for (int retry = 1; retry <= ORDER_RETRIES && undecided(answer); retry++) {
                pause(RETRY_PAUSE_MILLIS * retry);
                answer = client.placeOrder(activityId, jwt, key);
            }
            return answer;
        }
    },
    BASELINE(201) {
        @Override
        ShopClient.Answer buy(ShopClient client, String activityId, String jwt) {
            return client.placeBaselineOrder(activityId, jwt);
        }
    };

    static final int ORDER_RETRIES = 3;
    private static final long RETRY_PAUSE_MILLIS = 500;

    private final int accepted;

    Checkout(int accepted) {
        this.accepted = accepted;
    }

    /** The status of an accepted order. */
    int accepted() {
        return accepted;
    }

    abstract ShopClient.Answer buy(ShopClient client, String activityId, String jwt);

    /**
     * No answer, or any 5xx: the order may or may not have been taken, and the contract's answer to both
     * is the same (shared/api.md, "Retries"): ask again with the same key. Not only 503: a 500 or a proxy's
     * 502 or 504 leaves the buyer just as unsure.
     */
    static boolean undecided(ShopClient.Answer answer) {
        return answer.status() == 0 || answer.status() >= 500;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
