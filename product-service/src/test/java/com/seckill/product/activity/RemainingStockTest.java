package com.seckill.product.activity;

import com.seckill.common.error.ErrorCode;
import com.seckill.common.error.SeckillException;
import com.seckill.product.catalog.CatalogProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog's remaining units against a stand-in inventory client: what is asked, when, and what is shown. */
class RemainingStockTest {

    private static final Instant NOW = Instant.parse("2026-11-27T00:30:00Z");

    private final List<List<Long>> calls = new ArrayList<>();
    private Function<List<Long>, Map<String, Long>> answers = ids -> Map.of();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RemainingStock stock = new RemainingStock(new InventoryClient() {
        @Override
        public Map<String, Long> remaining(List<Long> activityIds) {
            calls.add(List.copyOf(activityIds));
            return answers.apply(activityIds);
        }

        @Override
        public StockState loadStock(long activityId, StockLoad request) {
            throw new UnsupportedOperationException();
        }
    }, properties(), Clock.fixed(NOW, ZoneOffset.UTC), meters);

    @Test
    void aSaleThatHasNotStartedNeedsNoCallAndShowsItsWholeStock() {
        assertThat(stock.of(activity(1, NOW.plusSeconds(60)))).isEqualTo(100);
        assertThat(calls).isEmpty();
    }

    @Test
    void aStartedSaleShowsInventorysCountOrItsWholeStockIfInventoryNeverLoadedIt() {
        answers = ids -> Map.of("1", 42L);

        Map<Long, Integer> shown = stock.of(List.of(activity(1, NOW.minusSeconds(60)), activity(2, NOW.minusSeconds(60)),
                activity(3, NOW.plusSeconds(60))));

        assertThat(shown).containsEntry(1L, 42).containsEntry(2L, 100).containsEntry(3L, 100);
        assertThat(calls).as("one call for the started ones").containsExactly(List.of(1L, 2L));
    }

    @Test
    void manySalesAreAskedInCallsOfAtMostFiveHundred() {
        answers = ids -> ids.stream().collect(Collectors.toMap(String::valueOf, id -> 1L));
        List<Activity> many = LongStream.rangeClosed(1, 1_200).mapToObj(id -> activity(id, NOW.minusSeconds(60))).toList();

        assertThat(stock.of(many).values()).containsOnly(1);
        assertThat(calls).extracting(List::size).containsExactlyInAnyOrder(500, 500, 200);
    }

    @Test
    void whileInventoryCannotAnswerTheLastCountIsShownAndWithoutOneTheReadIs503() {
        answers = ids -> Map.of("1", 7L);
        assertThat(stock.of(activity(1, NOW.minusSeconds(60)))).isEqualTo(7);
        answers = ids -> {
            throw new IllegalStateException("inventory-service is down");
        };

        assertThat(stock.of(activity(1, NOW.minusSeconds(60)))).isEqualTo(7);
        assertThat(meters.counter("seckill.catalog.stock.stale").count()).isEqualTo(1);
        assertThatThrownBy(() -> stock.of(activity(2, NOW.minusSeconds(60))))
                .isInstanceOfSatisfying(SeckillException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
    }

    private static Activity activity(long id, Instant startAt) {
        return new Activity(id, 9, "Sale " + id, 4_990, 9_990, 100, 1, startAt, startAt.plus(Duration.ofHours(1)));
    }

    /** No caching of the answers (stock-ttl 0), so every read asks; the last count kept a minute. */
    private static CatalogProperties properties() {
        return new CatalogProperties("test:", Duration.ZERO, 10_000, Duration.ofMinutes(15), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 0.2, Duration.ZERO, Duration.ofMinutes(1),
                new CatalogProperties.WarmUp(Duration.ofSeconds(30), Duration.ofMinutes(10)));
    }
}
