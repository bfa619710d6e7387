package dev.tusk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.Row;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@Timeout(60)
class PoolExamplesTest {
    private final String dsn;

    PoolExamplesTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @Test
    void seed004CreatePoolCursorSelectsOne() {
        Row ret = PoolExamples.aiopgTestSelect(dsn).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(ret.toList()).containsExactly(1);
    }

    @Test
    void seed004OnConnectConfiguresEveryConnection() {
        assertThat(PoolExamples.aiopgOnConnect(dsn).orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo("tusk-example");
    }

    @Test
    void theBlockingPoolLendsAConnectionForABlock() {
        assertThat(PoolExamples.psycopgPoolConnection(dsn)).isEqualTo(3L);
    }
}
