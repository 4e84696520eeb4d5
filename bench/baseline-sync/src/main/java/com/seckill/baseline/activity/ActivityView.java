package com.seckill.baseline.activity;

import java.time.Instant;

/** The JSON of a rival sale; ids are strings, as everywhere in the suite's API. */
public record ActivityView(String activityId, int stock, Instant startAt, Instant endAt) {
}
