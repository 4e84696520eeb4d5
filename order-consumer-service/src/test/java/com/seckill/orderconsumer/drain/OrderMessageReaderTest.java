package com.seckill.orderconsumer.drain;

import com.seckill.orderconsumer.drain.OrderMessageReader.Reading;
import com.seckill.orderconsumer.drain.OrderMessageReader.Rejection;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What the table would refuse is refused before the insert, so it cannot fail its neighbours' batch. */
class OrderMessageReaderTest {

    private static final String VALID = """
            {"orderId":1,"userId":"u","activityId":7,"productId":3,"quantity":1,"amountCents":9900,
             "placedAt":"2026-11-25T10:00:00Z","sequence":1}""";

    private final OrderMessageReader reader = new OrderMessageReader(JsonMapper.builder().build());

    @Test
    void aValidEventIsAnOrder() {
        Reading reading = reader.read(message(VALID));

        assertThat(reading.isOrder()).isTrue();
        assertThat(reading.order().sequence()).isEqualTo(1);
    }

    @Test
    void anEventFromBeforeTheSequenceIsAnOrderWithoutOne() {
        Reading reading = reader.read(message(VALID.replace(",\"sequence\":1", "")));

        assertThat(reading.isOrder()).as(String.valueOf(reading.rejection())).isTrue();
        assertThat(reading.order().sequence()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json|UNREADABLE",
            "null|UNREADABLE",
            "[1, 2]|UNREADABLE",
            "''|UNREADABLE"
    })
    void aBodyThatIsNoEventIsUnreadable(String body, Rejection.Kind kind) {
        assertThat(reader.read(message(body)).rejection().kind()).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"orderId\":1|\"orderId\":0|order id 0 is not positive",
            "\"userId\":\"u\"|\"userId\":null|user id is missing",
            "\"userId\":\"u\"|\"userId\":\" \"|user id is missing",
            "\"activityId\":7|\"activityId\":-7|activity id -7 is not positive",
            "\"productId\":3|\"productId\":0|product id 0 is not positive",
            "\"quantity\":1|\"quantity\":0|quantity 0 is not positive",
            "\"amountCents\":9900|\"amountCents\":-1|amount -1 cents is negative",
            "\"placedAt\":\"2026-11-25T10:00:00Z\"|\"placedAt\":null|placedAt is missing",
            "\"sequence\":1|\"sequence\":-1|sequence -1 is negative"
    })
    void anEventNoOrderCanHaveIsInvalid(String field, String replacement, String reason) {
        Reading reading = reader.read(message(VALID.replace(field, replacement)));

        assertThat(reading.isOrder()).isFalse();
        assertThat(reading.rejection().kind()).isEqualTo(Rejection.Kind.INVALID);
        assertThat(reading.rejection().reason()).isEqualTo(reason);
    }

    @Test
    void aUserIdLongerThanItsColumnIsInvalid() {
        String tooLong = "u".repeat(OrderMessageReader.MAX_USER_ID_LENGTH + 1);

        Reading reading = reader.read(message(VALID.replace("\"userId\":\"u\"", "\"userId\":\"" + tooLong + "\"")));

        assertThat(reading.rejection().kind()).isEqualTo(Rejection.Kind.INVALID);
    }

    private static MessageExt message(String body) {
        MessageExt message = new MessageExt();
        message.setBody(body.getBytes(StandardCharsets.UTF_8));
        return message;
    }
}
