package com.seckill.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void lastLinesOfALogLargerThanOneChunk() throws Exception {
        Path log = dir.resolve("x.log");
        Files.writeString(log, IntStream.rangeClosed(1, 5000).mapToObj(i -> "line " + i)
                .collect(Collectors.joining("\n", "", "\n")));

        assertThat(LogTail.lastLines(log, 3)).containsExactly("line 4998", "line 4999", "line 5000");
        assertThat(LogTail.lastLines(log, 200)).hasSize(200).startsWith("line 4801");
    }

    @Test
    void shortLogsMissingNewlinesAndMissingFiles() throws Exception {
        Path log = dir.resolve("y.log");
        Files.writeString(log, "a\nb\nunterminated");

        assertThat(LogTail.lastLines(log, 30)).containsExactly("a", "b", "unterminated");
        assertThat(LogTail.lastLines(log, 1)).containsExactly("unterminated");
        Files.writeString(log, "");
        assertThat(LogTail.lastLines(log, 30)).isEmpty();
        assertThat(LogTail.lastLines(dir.resolve("none.log"), 30)).isEmpty();
    }
}
