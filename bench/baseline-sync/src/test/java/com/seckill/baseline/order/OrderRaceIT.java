package com.seckill.baseline.order;

import com.seckill.baseline.RunningBaseline;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The rival under contention on the real MySQL: never oversold, never two orders for one buyer. */
class OrderRaceIT extends RunningBaseline {

    @Test
    void twoHundredBuyersRacingForFiftyUnits() throws Exception {
        long activityId = 9_101;
        saleOn(activityId, 50);
        String run = UUID.randomUUID().toString().substring(0, 8);

        List<HttpResponse<String>> responses = race(200, i -> client().order(activityId, "buyer-" + run + "-" + i, "{\"quantity\":1}"));

        List<HttpResponse<String>> created = responses.stream().filter(r -> r.statusCode() == 201).toList();
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() != 201).toList();
        assertThat(created).hasSize(50);
        assertThat(refused).hasSize(150);
        refused.forEach(response -> assertProblem(response, 409, "SOLD_OUT"));
        assertThat(created).allSatisfy(response -> assertThat(json.readTree(response.body()).get("status").asString()).isEqualTo("CREATED"));
        assertThat(created.stream().map(r -> json.readTree(r.body()).get("orderId").asString()).distinct()).hasSize(50);
        assertThat(stockOf(activityId)).isZero();
        assertThat(ordersOf(activityId)).isEqualTo(50);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT user_id) FROM orders WHERE activity_id = ?", Integer.class, activityId))
                .isEqualTo(50);
    }

    @Test
    void oneBuyerRacingTwentyRequestsGetsOneOrder() throws Exception {
        long activityId = 9_102;
        saleOn(activityId, 10);
        String buyer = "eager-" + UUID.randomUUID().toString().substring(0, 8);

        List<HttpResponse<String>> responses = race(20, i -> client().order(activityId, buyer, "{\"quantity\":1}"));

        assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(1);
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() != 201).toList();
        assertThat(refused).hasSize(19);
        refused.forEach(response -> assertProblem(response, 409, "ALREADY_PURCHASED"));
        assertThat(stockOf(activityId)).as("the refused requests' stock updates were rolled back").isEqualTo(9);
        assertThat(ordersOf(activityId)).isEqualTo(1);
    }
}
