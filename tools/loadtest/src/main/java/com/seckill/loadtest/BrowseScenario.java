package com.seckill.loadtest;

import java.time.Duration;

/** Catalog readers: C readers alternating between the activity list and one activity. */
final class BrowseScenario {

    private BrowseScenario() {
    }

    static Scenario of(String activityId, int concurrency, Duration duration) {
        return new TimedScenario(concurrency, duration, (client, n) ->
                client.get(n % 2 == 0 ? "/api/activities" : "/api/activities/" + activityId));
    }
}
