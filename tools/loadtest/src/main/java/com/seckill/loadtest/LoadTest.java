package com.seckill.loadtest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;

/** Command-line entry point: parse, run one scenario against the gateway, report. */
public final class LoadTest {

    private LoadTest() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "bench".equals(args[0])) {
            System.exit(bench(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        Options options;
        try {
            options = Options.parse(args, LocalDateTime.now());
        } catch (IllegalArgumentException e) {
            System.err.println("loadtest: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        try {
            run(options, System.getenv("SECKILL_JWT_SECRET"));
        } catch (IllegalArgumentException e) {
            System.err.println("loadtest: " + e.getMessage());
            System.exit(2);
        }
    }

    /** @return 0 when every invariant held, 1 when one did not, 2 on a usage error */
    private static int bench(String[] args) throws Exception {
        BenchSettings settings;
        try {
            settings = BenchSettings.parse(args, System.getenv(), LocalDateTime.now());
        } catch (IllegalArgumentException e) {
            System.err.println("loadtest: " + e.getMessage());
            System.err.println(BenchSettings.USAGE);
            return 2;
        }
        BenchReport report = new Bench(settings).run();
        System.out.println();
        report.print(System.out);
        System.out.println("report: " + report.write(settings.reportDir()).toAbsolutePath()
                + " (plots: report.html beside it)");
        return report.invariantsHold() ? 0 : 1;
    }

    static Measurements run(Options options, String jwtSecret) throws InterruptedException, IOException {
        Recorder recorder = new Recorder();
        ShopClient client = new ShopClient(options.gateway(), recorder);
        Scenario scenario = scenario(options, jwtSecret);
        long start = System.nanoTime();
        try (ProgressLine ignored = new ProgressLine(recorder, System.err).start()) {
            scenario.run(client);
        }
        Measurements report = Measurements.of(recorder.samples(), Duration.ofNanos(System.nanoTime() - start));
        System.out.println("scenario   " + options.scenario() + " on activity " + options.activityId()
                + " via " + options.gateway());
        report.print(System.out);
        for (Path file : report.writeCsv(options.reportDir())) {
            System.out.println("wrote " + file);
        }
        return report;
    }

    private static Scenario scenario(Options options, String jwtSecret) {
        if ("browse".equals(options.scenario())) {
            return BrowseScenario.of(options.activityId(), options.concurrency(), options.duration());
        }
        ShopperTokens tokens = new ShopperTokens(jwtSecret, Clock.systemUTC());
        String userPrefix = "load-" + System.currentTimeMillis() + "-";
        return new FlashSaleScenario(options.activityId(), options.buyers(), options.concurrency(),
                options.ramp(), tokens, userPrefix, Checkout.SUITE);
    }
}
