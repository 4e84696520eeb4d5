package com.seckill.devinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmbeddedRedisIT {

    @Test
    void answersPingAndKeepsAValue() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start(TestDirs.fresh("redis"), 0)) {
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());

            try (Socket socket = new Socket("127.0.0.1", redis.port())) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = socket.getOutputStream();

                assertThat(command(out, in, "PING")).isEqualTo("+PONG");
                assertThat(command(out, in, "SET", "stock:1", "42")).isEqualTo("+OK");
                assertThat(command(out, in, "GET", "stock:1")).isEqualTo("$2");
                assertThat(in.readLine()).isEqualTo("42");
            }
        }
    }

    /** One RESP request; returns the first reply line. */
    private static String command(OutputStream out, BufferedReader in, String... words) throws IOException {
        StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return in.readLine();
    }
}
