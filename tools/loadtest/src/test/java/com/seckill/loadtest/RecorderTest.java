package com.seckill.loadtest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class RecorderTest {

    @Test
    void mergesEveryThreadsSamplesExactly() throws InterruptedException {
        Recorder recorder = new Recorder();
        int threads = 32;
        int perThread = 5_000;
        // Enough per thread to force several buffer growths while other threads record.
        Workers.runTogether(threads, "rec", () -> {
            for (int i = 0; i < perThread; i++) {
                int status = i % 2 == 0 ? 202 : 409;
                recorder.record(1_000L + i, i, status, status == 409 ? "SOLD_OUT" : null);
            }
        });

        List<Sample> samples = recorder.samples();
        assertThat(samples).hasSize(threads * perThread);
        assertThat(recorder.done()).isEqualTo(threads * perThread);
        Map<Integer, Long> byStatus = samples.stream()
                .collect(Collectors.groupingBy(Sample::status, Collectors.counting()));
        assertThat(byStatus).containsOnly(Map.entry(202, (long) threads * perThread / 2),
                Map.entry(409, (long) threads * perThread / 2));
        assertThat(samples.stream().filter(s -> "SOLD_OUT".equals(s.problemCode()))).hasSize(threads * perThread / 2);
        assertThat(samples.stream().mapToLong(Sample::latencyNanos).sum())
                .isEqualTo((long) threads * perThread * (perThread - 1) / 2);
    }

    @Test
    void countsNoAnswerAndServerErrorsAsErrorsButNotRefusals() {
        Recorder recorder = new Recorder();
        recorder.record(0, 1, 0, "ConnectException");
        recorder.record(0, 1, 503, "SERVICE_UNAVAILABLE");
        recorder.record(0, 1, 409, "SOLD_OUT");
        recorder.record(0, 1, 202, null);

        assertThat(recorder.done()).isEqualTo(4);
        assertThat(recorder.errors()).isEqualTo(2);
        assertThat(recorder.samples().stream().filter(Sample::isError).map(Sample::status))
                .containsExactlyInAnyOrder(0, 503);
    }
}
