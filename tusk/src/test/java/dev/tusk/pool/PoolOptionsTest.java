package dev.tusk.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.ConnectOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolOptionsTest {

    @Test
    void theDefaultsAreAiopgsAndPsycopgPools() {
        PoolOptions d = PoolOptions.defaults();
        assertThat(d.minSize()).isEqualTo(1);
        assertThat(d.maxSize()).isEqualTo(10);
        assertThat(d.maxWaiting()).isZero();
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.maxLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(d.maxIdle()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.reconnectTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.leakDetectionThreshold()).isNull();
        assertThat(d.name()).isNull();
        assertThat(d.connectOptions()).isSameAs(ConnectOptions.defaults());
        assertThat(d.configure()).isNull();
        assertThat(d.checkAsync()).isNull();
        assertThat(d.toString()).contains("minSize=1", "maxSize=10");
    }

    @Test
    void impossibleSettingsAreRefused() {
        assertThatThrownBy(() -> PoolOptions.builder().minSize(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PoolOptions.builder().minSize(5).maxSize(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("less than minSize");
        assertThatThrownBy(() -> PoolOptions.builder().maxWaiting(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PoolOptions.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PoolOptions.builder().maxIdle(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PoolOptions.builder().minSize(5).maxSize(0).build().maxSize()).as("unlimited").isZero();
        assertThat(PoolOptions.builder().maxLifetime(null).maxIdle(null).build().maxLifetime()).isNull();
    }
}
