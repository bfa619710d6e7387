package dev.tusk.pool;

import dev.tusk.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pool tests against the shared server: the pools a test opens are terminated after it. */
@ExtendWith(PostgresExtension.class)
abstract class PoolTestBase {
    final String dsn;
    private final List<BasePool<?>> pools = new ArrayList<>();

    PoolTestBase(String dsn) {
        this.dsn = dsn;
    }

    AsyncPool asyncPool(PoolOptions.Builder options) {
        AsyncPool pool = AsyncPool.open(dsn, options.build()).join();
        pools.add(pool);
        return pool;
    }

    Pool blockingPool(PoolOptions.Builder options) {
        Pool pool = Pool.open(dsn, options.build());
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void terminatePools() {
        pools.forEach(BasePool::terminate);
    }
}
