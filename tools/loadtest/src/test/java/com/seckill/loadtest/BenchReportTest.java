package com.seckill.loadtest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BenchReportTest {

    private static final long MS = 1_000_000;
    private static final long T0 = 1_700_000_000_000L;

    private final BenchReport report = new BenchReport(BenchSettings.parse(new String[0], Map.of(), LocalDateTime.now()));

    /** Every request of a phase took {@code latencyMs}; the phase lasted one second, so requests == req/s. */
    private static Measurements oneSecond(int latencyMs, Map<Integer, Integer> countByStatus) {
        List<Sample> samples = new ArrayList<>();
        countByStatus.forEach((status, n) -> {
            for (int i = 0; i < n; i++) {
                samples.add(new Sample(T0 + i, latencyMs * MS, status, status == 409 ? "SOLD_OUT" : null));
            }
        });
        return Measurements.of(samples, Duration.ofSeconds(1));
    }

    private static Bench.Measured phase(String name, int requests, int status) {
        return new Bench.Measured(name, oneSecond(1, Map.of(status, requests)), null, List.of());
    }

    private static Bench.Measured burst(String name, int buyers, int decisionMs) {
        return new Bench.Measured(name, oneSecond(1, Map.of(200, buyers, 202, buyers)),
                oneSecond(decisionMs, Map.of(202, buyers)), List.of());
    }

    private static Bench.Measured burst(String name, int round, int buyers, int decisionMs) {
        return new Bench.Measured(name, round, oneSecond(1, Map.of(200, buyers, 202, buyers)),
                oneSecond(decisionMs, Map.of(202, buyers)), List.of());
    }

    /** A round of orders with plenty of stock: {@code orders} accepted in one second, each process's CPU given. */
    private static Bench.Measured steady(String name, int round, int status, int orders, ProcessWatch.Usage... usage) {
        return new Bench.Measured(name, round, oneSecond(5, Map.of(status, orders)), null, List.of(usage));
    }

    private static ProcessWatch.Usage cpu(String process, double seconds) {
        return new ProcessWatch.Usage(process, 100 * 1024, seconds);
    }

    /**
     * Three rounds whose ratios differ from the ratio of their medians: burst decisions per second 80, 40, 60
     * against 20, 20, 10 (ratios 4, 2, 6: median 4, where the medians' ratio would be 3).
     */
    private static BenchReport threeRounds() {
        BenchReport rounds = new BenchReport(BenchSettings.parse(new String[] {"--rounds", "3"}, Map.of(), LocalDateTime.now()));
        int[] suite = {80, 40, 60};
        int[] rival = {20, 20, 10};
        int[] suiteP99 = {2, 4, 3};
        int[] rivalP99 = {40, 40, 20};
        double[] orderServiceCpu = {2.0, 4.0, 3.0};
        for (int round = 1; round <= 3; round++) {
            rounds.add(burst(BenchReport.BURST_SUITE, round, suite[round - 1], suiteP99[round - 1]));
            rounds.add(burst(BenchReport.BURST_BASELINE, round, rival[round - 1], rivalP99[round - 1]));
            rounds.add(steady(BenchReport.STEADY_SUITE, round, 202, 40,
                    cpu("order-service", orderServiceCpu[round - 1]), cpu("redis-server", 0.4)));
            rounds.add(steady(BenchReport.STEADY_BASELINE, round, 201, 20, cpu("baseline-sync", 0.5), cpu("redis-server", 0.1)));
        }
        return rounds;
    }

    @Test
    void suiteOverRivalIsTheMedianOfEachRoundsOwnRatioWithItsSpread() {
        String md = threeRounds().markdown();

        // CPU per order: suite 60, 110, 85 ms (order-service 50, 100, 75 plus Redis 10), rival 30 each round.
        assertThat(md)
                .contains("| burst decisions per second (accepted or refused, errors excluded), suite / baseline"
                        + " | 4.00 (2.00–6.00, 100 %) | ≥ 3.00 | yes |")
                .contains("| burst decision p99, suite / baseline | 0.10 (0.05–0.15, 100 %) | ≤ 0.33 | yes |")
                .contains("| CPU per accepted order (every process), suite / rival | 2.83 (2.00–3.67, 59 %) | ≤ 1.00 | no |")
                .contains(", suite / rival | 2.00 (2.00–2.00, 0 %) | ≥ 1.50 | yes |")
                .contains("Suite / rival: the median of the 3 rounds' ratios");
    }

    @Test
    void comparisonTableGivesEachSidesMedianAndSpreadPerFigure() {
        String md = threeRounds().markdown();

        assertThat(md)
                .contains("## Suite against rival, 3 rounds\n\n| comparison | figure | suite | rival | suite / rival |\n")
                .contains("| flash-sale burst | buyers decided per second (yes or no) | 60 (40–80, 67 %) | 20 (10–20, 50 %)"
                        + " | 4.00 (2.00–6.00, 100 %) |\n")
                .contains("| flash-sale burst | decision p99 ms | 3.0 (2.0–4.0, 67 %) | 40.0 (20.0–40.0, 50 %)"
                        + " | 0.10 (0.05–0.15, 100 %) |\n")
                .contains("| orders, plenty of stock | accepted orders per second | 40 (40–40, 0 %) | 20 (20–20, 0 %) |")
                .contains("| orders, plenty of stock | CPU ms per accepted order, all processes | 85.00 (60.00–110.00, 59 %)"
                        + " | 30.00 (30.00–30.00, 0 %) | 2.83 (2.00–3.67, 59 %) |\n")
                // a process only one side uses has no ratio
                .contains("| orders, plenty of stock | CPU ms per accepted order, order-service | 75.00 (50.00–100.00, 67 %) |  |  |\n")
                .contains("| orders, plenty of stock | CPU ms per accepted order, redis-server | 10.00 (10.00–10.00, 0 %)"
                        + " | 5.00 (5.00–5.00, 0 %) | 2.00 (2.00–2.00, 0 %) |\n")
                .doesNotContain("| sold-out |");
    }

    @Test
    void everyRoundHasItsOwnRowInThePhaseTable() {
        String md = threeRounds().markdown();

        assertThat(md)
                .contains("| flash-sale burst: suite, round 1 | 160 |")
                .contains("| flash-sale burst: baseline, round 3 (per buyer: decisions) | 10 |")
                .contains("| orders, plenty of stock: suite, round 2 | 40 |")
                .doesNotContain("| flash-sale burst: suite | ");
        assertThat(md.indexOf("| flash-sale burst: suite, round 1 |"))
                .isLessThan(md.indexOf("| flash-sale burst: baseline, round 1 |"))
                .isLessThan(md.indexOf("| flash-sale burst: suite, round 2 |"));
    }

    @Test
    void oneRoundKeepsThePlainPhaseNamesAndGivesNoSpread() {
        BenchReport single = new BenchReport(BenchSettings.parse(new String[] {"--rounds", "1"}, Map.of(), LocalDateTime.now()));
        single.add(burst(BenchReport.BURST_SUITE, 1, 80, 2));
        single.add(burst(BenchReport.BURST_BASELINE, 1, 20, 40));

        assertThat(single.label(BenchReport.BURST_SUITE, 1)).isEqualTo(BenchReport.BURST_SUITE);
        assertThat(single.markdown())
                .contains("| flash-sale burst: suite | 160 |")
                .contains("| flash-sale burst | buyers decided per second (yes or no) | 80 | 20 | 4.00 |\n")
                .contains("One round: run with --rounds 3 or more");
    }

    @Test
    void roundPagesAndTablesGoToTheHtmlAndEachRoundGetsItsCsvs(@TempDir Path dir) throws Exception {
        BenchReport rounds = threeRounds();

        rounds.write(dir);

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html)
                .contains("<h2>Goals (fractions of this run&#39;s ceilings; suite / rival)</h2>")
                .contains("<td>CPU per accepted order (every process), suite / rival</td><td>2.83 (2.00–3.67, 59 %)</td>"
                        + "<td>≤ 1.00</td><td>no</td>")
                .contains("<h2>Suite against rival, 3 rounds</h2>")
                .contains("<td>flash-sale burst</td><td>buyers decided per second (yes or no)</td><td>60 (40–80, 67 %)</td>")
                .contains(">flash-sale burst: baseline, round 2</a>");
        assertThat(dir.resolve("flash-sale-burst-suite-round-2").resolve("summary.csv")).isRegularFile();
        assertThat(dir.resolve("orders-plenty-of-stock-baseline-round-3").resolve("timeline.csv")).isRegularFile();
    }

    /** The ceilings plus every phase compared with them; ratios chosen so that some goals are met and some not. */
    private void addEveryPhase() {
        report.add(phase(BenchReport.PLAIN, 100, 200));
        report.add(phase(BenchReport.FILTERED, 70, 200));
        report.add(phase(BenchReport.SOLD_OUT_SUITE, 50, 409));
        report.add(new Bench.Measured(BenchReport.STEADY_SUITE, oneSecond(1, Map.of(202, 40, 429, 10)), null,
                List.of(new ProcessWatch.Usage("order-service", 600 * 1024, 2.0))));
        report.add(new Bench.Measured(BenchReport.STEADY_BASELINE, oneSecond(1, Map.of(201, 20)), null,
                List.of(new ProcessWatch.Usage("baseline-sync", 300 * 1024, 0.5))));
        report.add(phase(BenchReport.BROWSE, 90, 200));
        report.add(burst(BenchReport.BURST_SUITE, 80, 2));
        report.add(burst(BenchReport.BURST_BASELINE, 20, 40));
    }

    @Test
    void goalsAreFractionsOfTheCeilingsMeasuredInTheSameRun() {
        addEveryPhase();

        String md = report.markdown();

        // Suite: 40 orders for 2 s of CPU (50 ms each); rival: 20 orders for 0.5 s (25 ms each).
        assertThat(md)
                .contains("| filtered gateway / plain gateway | 0.70 | ≥ 0.80 | no |")
                .contains("| sold-out refusals per second / filtered ceiling | 0.71 | ≥ 0.90 | no |")
                .contains("| hot catalog reads / plain ceiling | 0.90 | ≥ 0.80 | yes |")
                .contains("| accepted orders per second on a sale with plenty of stock, every request a buyer must make counted"
                        + " (one order each: the suite needs no purchase token), suite / rival | 2.00 | ≥ 1.50 | yes |")
                .contains("| CPU per accepted order (every process), suite / rival | 2.00 | ≤ 1.00 | no |")
                .contains("| burst decisions per second (accepted or refused, errors excluded), suite / baseline | 4.00 | ≥ 3.00 | yes |")
                .contains("| burst decision p99, suite / baseline | 0.05 | ≤ 0.33 | yes |");
    }

    @Test
    void aSuiteThatDoesNotBeatItsRivalEnoughIsANo() {
        report.add(phase(BenchReport.PLAIN, 100, 200));
        report.add(phase(BenchReport.FILTERED, 50, 200));
        report.add(burst(BenchReport.BURST_SUITE, 40, 10));
        report.add(burst(BenchReport.BURST_BASELINE, 20, 40));

        assertThat(report.markdown())
                .contains("| filtered gateway / plain gateway | 0.50 | ≥ 0.80 | no |")
                .contains("| burst decisions per second (accepted or refused, errors excluded), suite / baseline | 2.00 | ≥ 3.00 | no |")
                .contains("| burst decision p99, suite / baseline | 0.25 | ≤ 0.33 | yes |");
        report.add(burst(BenchReport.BURST_SUITE, 40, 20));
        assertThat(report.markdown()).contains("| burst decision p99, suite / baseline | 0.50 | ≤ 0.33 | no |");
    }

    @Test
    void goalsOfPhasesThatDidNotRunAreLeftOut() {
        report.add(phase(BenchReport.PLAIN, 100, 200));
        report.add(phase(BenchReport.BROWSE, 85, 200));

        assertThat(report.markdown())
                .contains("| hot catalog reads / plain ceiling | 0.85 | ≥ 0.80 | yes |")
                .doesNotContain("filtered gateway / plain gateway")
                .doesNotContain("sold-out rejections")
                .doesNotContain("accepted orders per second")
                .doesNotContain("CPU per accepted order")
                .doesNotContain("## Suite against rival")
                .doesNotContain("burst decision")
                .doesNotContain("reached inventory's Redis script")
                .doesNotContain("drain with a payment timer")
                .doesNotContain("SELECTs reaching MariaDB");
    }

    @Test
    void phaseTableHasOneRowPerPhaseAndADecisionsRowForBursts() {
        addEveryPhase();

        assertThat(report.markdown())
                .contains("| ceiling: gateway, plain route | 100 | 100 | 1.0 | 1.0 | 1.0 | 1.0 | 100 | 0 | 0 | 0 |\n")
                .contains("| sold-out: suite | 50 | 50 | 1.0 | 1.0 | 1.0 | 1.0 | 0 | 50 | 0 | 0 |\n")
                .contains("| orders, plenty of stock: suite | 50 | 50 | 1.0 | 1.0 | 1.0 | 1.0 | 40 | 0 | 10 | 0 |\n")
                .contains("| flash-sale burst: suite | 160 | 160 | 1.0 | 1.0 | 1.0 | 1.0 | 160 | 0 | 0 | 0 |\n")
                .contains("| flash-sale burst: suite (per buyer: decisions) | 80 | 80 | 2.0 | 2.0 | 2.0 | 2.0 | 80 | 0 | 0 | 0 |\n")
                .doesNotContain("| browse: one hot activity (per buyer: decisions)");
    }

    @Test
    void measuredExtrasHaveTheirOwnGoalRows() {
        addEveryPhase();
        report.redisCeiling(Optional.of(123_456.0), Optional.empty());
        report.soldOutReachedInventory(0);
        report.drain(drained(1_200, 48 * MS));
        report.browseSelects(3);

        assertThat(report.markdown())
                .contains("| ceiling: Redis, reservation script (redis-benchmark, 50 clients) | | 123456 |")
                .doesNotContain("pipelined 16")
                .contains("| sold-out orders that reached inventory's Redis script | 0 of 50 | 0 | yes |")
                .contains("| drain with a payment timer per order: orders written per second by the uncapped consumer, 1200 after a warm-up of 1200 (first row to last) | 25000 without timers | ≥ 20000 | not measured: without timers (--pay-within PT15M) |")
                .contains("| SELECTs reaching MariaDB during the browse phase (server-wide) | 3 | 0 | no |");
    }

    /**
     * A drain of as many warm-up orders as measured ones: the first rows 2 s after the consumer's start, the
     * measured ones from 3 s to 3 s + {@code nanos}; the consumer used 3 s of CPU meanwhile.
     */
    private static DrainPhase.Result drained(int orders, long nanos) {
        List<DrainRate.Poll> polls = List.of(new DrainRate.Poll(2_000 * MS, 0, 0), new DrainRate.Poll(3_000 * MS, 0, orders),
                new DrainRate.Poll(3_000 * MS + nanos, orders, 2L * orders));
        return new DrainPhase.Result(orders, orders, List.of(), Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(9),
                DrainRate.of(orders, orders, polls), polls, List.of(new ProcessWatch.Usage("order-consumer-service", 300 * 1024, 3.0)),
                orders, List.of(new ProcessWatch.Usage("order-consumer-service", 300 * 1024, 21.5),
                        new ProcessWatch.Usage("mariadbd", 100 * 1024, 1.0)));
    }

    @Test
    void theDrainHasItsOwnSectionWithCpuPerThousandOrders() {
        report.drain(drained(100_000, 5_000 * MS));

        assertThat(report.markdown())
                .contains("| drain with a payment timer per order: orders written per second by the uncapped consumer, 100000 after a warm-up of 100000 (first row to last) | 20000 without timers | ≥ 20000 | not measured: without timers (--pay-within PT15M) |")
                .contains("## Drain: order-consumer-service without its write cap")
                .contains("| backlog: orders of one sale, reserved in Redis, sent to the broker | 100000 warm-up + 100000 measured |")
                .contains("| payment timers scheduled by the consumer | none (orders without payBy) |")
                .contains("| consumer started → first row (JVM start-up, joining the group) | 2.0 s |")
                .contains("| consumer started → first measured row (the warm-up drained) | 3.0 s |")
                // the ledger was done 9 s after the start, after the measured drain had begun
                .contains("| consumer started → inventory's stock ledger has recorded every order | 9.0 s (**during the measured drain**) |")
                .contains("| first measured row → last | 5.0 s |")
                .contains("| **measured orders per second, first row → last** | **20000** |")
                .contains("| all 200000 orders per second from the consumer's start (JVM start-up and warm-up included) | 25000 |")
                // 3 s of CPU for 100,000 orders; MariaDB was only sampled over the whole phase
                .contains("| order-consumer-service | 3.00 | 30.0 | 21.5 |")
                .contains("| mariadbd |  |  | 1.0 |");
    }

    @Test
    void aDrainWithPaymentTimersSaysSo() {
        BenchReport withTimers = new BenchReport(BenchSettings.parse(new String[] {"drain", "--pay-within", "PT4M"}, Map.of(),
                LocalDateTime.now()));
        withTimers.drain(drained(50_000, 5_000 * MS));

        assertThat(withTimers.markdown())
                .contains("| drain with a payment timer per order: orders written per second by the uncapped consumer, 50000 after a warm-up of 50000 (first row to last) | 10000 | ≥ 20000 | no |")
                .contains("| payment timers scheduled by the consumer | one per order, due PT4M after it was placed |");
    }

    @Test
    void aBacklogThatDidNotDrainSaysHowFarItGot() {
        List<DrainRate.Poll> polls = List.of(new DrainRate.Poll(0, 0, 0), new DrainRate.Poll(120_000 * MS, 40_000, 90_000));
        report.drain(new DrainPhase.Result(50_000, 100_000, List.of(), Duration.ZERO, Duration.ZERO, null,
                DrainRate.of(50_000, 100_000, polls), polls, List.of(), 0, List.of()));

        assertThat(report.markdown())
                .contains("| drain with a payment timer per order: orders written per second by the uncapped consumer, 100000 after a warm-up of 50000 (first row to last) | not drained without timers | ≥ 20000 | not measured: without timers (--pay-within PT15M) |")
                .contains("| consumer started → inventory's stock ledger has recorded every order |  (**not by the end**) |")
                .contains("| **not drained**: measured orders in MySQL when the wait ended | **40000 of 100000** |");
    }

    @Test
    void aFailedInvariantIsShoutedAndFailsTheRun() {
        addEveryPhase();
        report.checks(List.of(
                new Invariants.Check(BenchReport.BURST_SUITE, "orders in MySQL == accepted", true, "100 rows, 100 accepted"),
                new Invariants.Check(BenchReport.BURST_SUITE, "no oversell", false, "101 units sold of 100")));
        report.checks(List.of(
                new Invariants.Check(BenchReport.BURST_BASELINE, "no buyer over the limit", true, "most units held by one buyer: 1, limit 1")));

        String md = report.markdown();

        assertThat(md)
                .contains("| flash-sale burst: suite | orders in MySQL == accepted | yes | 100 rows, 100 accepted |")
                .contains("| flash-sale burst: suite | no oversell | **NO** | 101 units sold of 100 |")
                .contains("| flash-sale burst: baseline | no buyer over the limit | yes | most units held by one buyer: 1, limit 1 |");
        assertThat(md.indexOf("## Invariants after the drain")).isLessThan(md.indexOf("| no oversell |"));
        assertThat(report.invariantsHold()).isFalse();
    }

    @Test
    void invariantsHoldWhenEveryCheckHolds() {
        report.checks(List.of(
                new Invariants.Check(BenchReport.BURST_SUITE, "no oversell", true, "100 units sold of 100"),
                new Invariants.Check(BenchReport.STEADY_SUITE, "no duplicate order", true, "40 distinct of 40 accepted ids")));

        assertThat(report.invariantsHold()).isTrue();
        assertThat(report.markdown()).contains("| flash-sale burst: suite | no oversell | yes | 100 units sold of 100 |")
                .doesNotContain("**NO**");
    }

    @Test
    void processesShowCpuPerAcceptedOrderOfTheSteadyPhase() {
        addEveryPhase();
        report.whole(List.of(
                new ProcessWatch.Usage("order-service", 512 * 1024, 12.5),
                new ProcessWatch.Usage("redis-server", 10 * 1024, 1.0)));

        // order-service used 2 s of CPU for the steady phase's 40 accepted orders, and none of the rival's.
        assertThat(report.markdown())
                .contains("| order-service | 512 | 12.5 | 50.00 |  |\n")
                .contains("| redis-server | 10 | 1.0 |  |  |\n");
    }

    @Test
    void writesTheMarkdownThePageAndEachPhasesCsvs(@TempDir Path dir) throws Exception {
        addEveryPhase();
        report.checks(List.of(new Invariants.Check(BenchReport.BURST_SUITE, "no oversell", true, "ok")));

        Path md = report.write(dir.resolve("bench-1"));

        assertThat(md).isEqualTo(dir.resolve("bench-1").resolve("report.md"));
        assertThat(Files.readString(md)).isEqualTo(report.markdown());
        assertThat(dir.resolve("bench-1").resolve("report.html")).isRegularFile();
        assertThat(dir.resolve("bench-1").resolve("ceiling-gateway-plain-route").resolve("summary.csv")).isRegularFile();
        assertThat(dir.resolve("bench-1").resolve("flash-sale-burst-suite").resolve("timeline.csv")).isRegularFile();
        assertThat(dir.resolve("bench-1").resolve("drain-consumer-uncapped").resolve("polls.csv")).doesNotExist();
        report.drain(drained(10, 100 * MS));
        report.write(dir.resolve("bench-1"));
        assertThat(dir.resolve("bench-1").resolve("drain-consumer-uncapped").resolve("polls.csv"))
                .hasContent("ms_since_consumer_start,measured_rows,all_rows\n2000,0,0\n3000,0,10\n3100,10,20");
    }
}
