package com.seckill.loadtest;

/**
 * How one buyer buys, ending in the answer that decides for them. The suite hands out a seckill token
 * first and accepts with 202; the baseline rival orders at once and answers 201 once the row is written.
 */
enum Checkout {

    SUITE(202) {
        @Override
        ShopClient.Answer buy(ShopClient client, String activityId, String jwt) {
            ShopClient.Answer token = client.requestToken(activityId, jwt);
            String seckillToken = token.status() == 200 ? token.field("token") : null;
            return seckillToken == null ? token : client.placeOrder(activityId, jwt, seckillToken);
        }
    },
    BASELINE(201) {
        @Override
        ShopClient.Answer buy(ShopClient client, String activityId, String jwt) {
            return client.placeBaselineOrder(activityId, jwt);
        }
    };

    private final int accepted;

    Checkout(int accepted) {
        this.accepted = accepted;
    }

    /** The status of an accepted order. */
    int accepted() {
        return accepted;
    }

    abstract ShopClient.Answer buy(ShopClient client, String activityId, String jwt);
}
