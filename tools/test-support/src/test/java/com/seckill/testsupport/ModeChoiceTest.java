package com.seckill.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.seckill.testsupport.ModeChoice.Mode;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ModeChoiceTest {

    private static final BooleanSupplier DOCKER = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;
    private static final BooleanSupplier MUST_NOT_PROBE = () -> {
        throw new AssertionError("Docker probed although the mode was explicit");
    };

    @Test
    void autoByDefaultFollowsDocker() {
        assertThat(ModeChoice.choose(null, null, DOCKER).mode()).isEqualTo(Mode.CONTAINERS);
        assertThat(ModeChoice.choose(null, " ", NO_DOCKER).mode()).isEqualTo(Mode.LOCAL);
        assertThat(ModeChoice.choose(null, null, NO_DOCKER).reason()).contains("default").contains("no Docker");
    }

    @Test
    void explicitModesDoNotProbeDocker() {
        assertThat(ModeChoice.choose("local", null, MUST_NOT_PROBE).mode()).isEqualTo(Mode.LOCAL);
        assertThat(ModeChoice.choose(null, "CONTAINERS", MUST_NOT_PROBE).mode()).isEqualTo(Mode.CONTAINERS);
    }

    @Test
    void propertyWinsOverEnvironment() {
        ModeChoice choice = ModeChoice.choose("local", "containers", MUST_NOT_PROBE);
        assertThat(choice.mode()).isEqualTo(Mode.LOCAL);
        assertThat(choice.reason()).contains(TestServers.MODE_PROPERTY);
        assertThat(ModeChoice.choose("auto", "local", DOCKER).mode()).isEqualTo(Mode.CONTAINERS);
    }

    @Test
    void rejectsUnknownModes() {
        assertThatThrownBy(() -> ModeChoice.choose(null, "docker", DOCKER))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(TestServers.MODE_ENV)
            .hasMessageContaining("local, containers or auto");
    }
}
