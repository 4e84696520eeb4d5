package com.seckill.loadtest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisPipeTest {

    private static InputStream replies(String resp) {
        return new ByteArrayInputStream(resp.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesACommandAsAnArrayOfBulkStrings() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RedisPipe.write(out, List.of("EVALSHA", "ab", "0", "", "ü"));

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("*5\r\n$7\r\nEVALSHA\r\n$2\r\nab\r\n$1\r\n0\r\n$0\r\n\r\n$2\r\nü\r\n");
    }

    @Test
    void readsEveryKindOfReplyInOrder() throws Exception {
        InputStream in = replies("+OK\r\n-NOSCRIPT No matching script\r\n:42\r\n$5\r\nhe\r\nl\r\n$-1\r\n"
                + "*3\r\n$2\r\nOK\r\n$19\r\n1234567890123456789\r\n$0\r\n\r\n*-1\r\n");

        assertThat(RedisPipe.read(in)).isEqualTo("OK");
        assertThat(RedisPipe.read(in)).isEqualTo(new RedisPipe.Error("NOSCRIPT No matching script"));
        assertThat(RedisPipe.read(in)).isEqualTo(42L);
        assertThat(RedisPipe.read(in)).isEqualTo("he\r\nl");
        assertThat(RedisPipe.read(in)).isNull();
        assertThat(RedisPipe.read(in)).isEqualTo(Arrays.asList("OK", "1234567890123456789", ""));
        assertThat(RedisPipe.read(in)).isNull();
    }

    @Test
    void aReplyCutShortIsAnError() {
        assertThatThrownBy(() -> RedisPipe.read(replies("$5\r\nab"))).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> RedisPipe.read(replies("*2\r\n:1\r\n"))).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> RedisPipe.read(replies(""))).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> RedisPipe.read(replies("?\r\n"))).hasMessageContaining("not a RESP reply");
    }
}
