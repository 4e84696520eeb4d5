package com.seckill.inventory.stock;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StockKeysTest {

    @Test
    void theRemainingStockKeyIsSpelledAsTheOtherServicesExpect() {
        assertThat(StockKeys.remaining(42)).isEqualTo("seckill:stock:{42}");
    }

    @Test
    void everyKeyOfAnActivityCarriesItsHashTagSoOneScriptMayTouchThemAll() {
        assertThat(StockKeys.remaining(7)).contains(StockKeys.hashTag(7));
        assertThat(StockKeys.hashTag(7)).isEqualTo("{7}");
    }
}
