package com.seckill.loadtest;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    private static final LocalDateTime NOW = LocalDateTime.of(2026, 3, 4, 5, 6, 7);

    private static Options parse(String... args) {
        return Options.parse(args, NOW);
    }

    @Test
    void defaultsGiveOneThreadPerBuyerAndATimestampedReportFolder() {
        Options o = parse("flash-sale", "--activity", "42");
        assertThat(o.gateway()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(o.buyers()).isEqualTo(1_000);
        assertThat(o.concurrency()).isEqualTo(1_000);
        assertThat(o.ramp()).isZero();
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.reportDir()).isEqualTo(Path.of("target", "loadtest-20260304-050607"));
    }

    @Test
    void readsEveryOption() {
        Options o = parse("browse", "--gateway", "http://shop:9000/", "--activity", "7", "--buyers", "50",
                "--concurrency", "8", "--ramp", "PT10S", "--duration", "PT1M", "--report", "out");
        assertThat(o.scenario()).isEqualTo("browse");
        assertThat(o.gateway()).isEqualTo(URI.create("http://shop:9000"));
        assertThat(o.activityId()).isEqualTo("7");
        assertThat(o.buyers()).isEqualTo(50);
        assertThat(o.concurrency()).isEqualTo(8);
        assertThat(o.ramp()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.reportDir()).isEqualTo(Path.of("out"));
    }

    @Test
    void browseDefaultsToAFewReaders() {
        assertThat(parse("browse", "--activity", "1").concurrency()).isEqualTo(16);
    }

    @Test
    void badInputIsNamedInTheError() {
        assertThatThrownBy(() -> parse()).hasMessage("missing scenario");
        assertThatThrownBy(() -> parse("stampede", "--activity", "1"))
                .hasMessageContaining("unknown scenario 'stampede'").hasMessageContaining("flash-sale");
        assertThatThrownBy(() -> parse("flash-sale")).hasMessageContaining("--activity is required");
        assertThatThrownBy(() -> parse("flash-sale", "--activity", "1", "--bogus", "x"))
                .hasMessage("unknown option '--bogus'");
        assertThatThrownBy(() -> parse("flash-sale", "--activity")).hasMessage("--activity needs a value");
        assertThatThrownBy(() -> parse("flash-sale", "--buyers", "--activity", "1"))
                .hasMessage("--buyers needs a value");
        assertThatThrownBy(() -> parse("flash-sale", "--activity", "1", "--buyers", "ten"))
                .hasMessage("--buyers must be a positive integer, got 'ten'");
        assertThatThrownBy(() -> parse("flash-sale", "--activity", "1", "--concurrency", "0"))
                .hasMessage("--concurrency must be a positive integer, got '0'");
        assertThatThrownBy(() -> parse("flash-sale", "--activity", "1", "--ramp", "10s"))
                .hasMessage("--ramp must be an ISO-8601 duration like PT10S, got '10s'");
        assertThatThrownBy(() -> parse("browse", "--activity", "1", "--duration", "PT0S"))
                .hasMessage("--duration must be positive, got 'PT0S'");
        assertThatThrownBy(() -> parse("flash-sale", "--activity", "1", "--gateway", "localhost:8080"))
                .hasMessageContaining("--gateway must be an http:// URL");
        assertThatThrownBy(() -> parse("flash-sale", "--activity", "1", "--gateway", "https://shop.example"))
                .hasMessageContaining("--gateway must be an http:// URL");
    }
}
