package com.seckill.loadtest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    private static final String ORDER = "{\"orderId\":\"9007199254740993\",\"status\":\"PENDING\",\"quantity\":1,"
            + "\"delta\":-5,\"paid\":false,\"queued\":true,\"note\":\"\",\"price\":12.5,\"coupon\":null}";

    @Test
    void readsStringsNumbersAndBooleansAsText() {
        assertThat(Json.string(ORDER, "status")).isEqualTo("PENDING");
        assertThat(Json.string(ORDER, "orderId")).isEqualTo("9007199254740993");
        assertThat(Json.string(ORDER, "quantity")).isEqualTo("1");
        assertThat(Json.string(ORDER, "delta")).isEqualTo("-5");
        assertThat(Json.string(ORDER, "price")).isEqualTo("12.5");
        assertThat(Json.string(ORDER, "paid")).isEqualTo("false");
        assertThat(Json.string(ORDER, "queued")).isEqualTo("true");
        assertThat(Json.string(ORDER, "note")).isEmpty();
    }

    @Test
    void toleratesWhitespaceAroundTheColon() {
        assertThat(Json.string("{ \"code\" :\n \"SOLD_OUT\" , \"status\" : 409 }", "code")).isEqualTo("SOLD_OUT");
        assertThat(Json.number("{ \"code\" :\n \"SOLD_OUT\" , \"status\" : 409 }", "status")).isEqualTo(409);
    }

    @Test
    void aMissingOrNullFieldIsNull() {
        assertThat(Json.string(ORDER, "token")).isNull();
        assertThat(Json.string(ORDER, "coupon")).isNull();
        assertThat(Json.string("", "code")).isNull();
    }

    @Test
    void matchesWholeFieldNamesOnlyAndNeverAValue() {
        String json = "{\"errorcode\":\"E1\",\"title\":\"code\",\"code\":\"SOLD_OUT\"}";
        assertThat(Json.string(json, "code")).isEqualTo("SOLD_OUT");
        assertThat(Json.string("{\"errorcode\":\"E1\"}", "code")).isNull();
        assertThat(Json.string("{\"codes\":\"E1\"}", "code")).isNull();
    }

    @Test
    void fieldNamesWithRegexCharactersAreTakenLiterally() {
        String json = "{\"axb\":1,\"a.b\":2,\"x+y\":3,\"(p)\":4,\"[0]\":5,\"$ref\":\"r\",\"a|b\":6,\"q?\":7,\"^s*\":8,\"\\\\E\":9}";
        assertThat(Json.string(json, "a.b")).isEqualTo("2");
        assertThat(Json.string(json, "x+y")).isEqualTo("3");
        assertThat(Json.string(json, "(p)")).isEqualTo("4");
        assertThat(Json.string(json, "[0]")).isEqualTo("5");
        assertThat(Json.string(json, "$ref")).isEqualTo("r");
        assertThat(Json.string(json, "a|b")).isEqualTo("6");
        assertThat(Json.string(json, "q?")).isEqualTo("7");
        assertThat(Json.string(json, "^s*")).isEqualTo("8");
        assertThat(Json.string(json, "\\\\E")).isEqualTo("9");
        assertThat(Json.string(json, "x.b")).isNull();
        assertThat(Json.string(json, "a")).isNull();
    }

    @Test
    void numberParsesIntegersIncludingQuotedIdsAndNegatives() {
        assertThat(Json.number(ORDER, "quantity")).isEqualTo(1);
        assertThat(Json.number(ORDER, "delta")).isEqualTo(-5);
        // Order ids travel as strings (they exceed a double's integers): still numbers to the tool.
        assertThat(Json.number(ORDER, "orderId")).isEqualTo(9_007_199_254_740_993L);
    }

    @Test
    void numberOfAMissingFieldNamesTheFieldAndTheDocument() {
        assertThatThrownBy(() -> Json.number(ORDER, "stock"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'stock'").hasMessageContaining("PENDING");
        assertThatThrownBy(() -> Json.number(ORDER, "coupon")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void numberOfSomethingThatIsNoIntegerFails() {
        assertThatThrownBy(() -> Json.number(ORDER, "status")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Json.number(ORDER, "paid")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Json.number(ORDER, "price")).isInstanceOf(NumberFormatException.class);
    }
}
