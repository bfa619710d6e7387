package dev.tusk.pool;

import dev.tusk.AsyncConnection;
import dev.tusk.AsyncCursor;
import dev.tusk.Row;
import dev.tusk.RowFactories;

/** The cursor of {@link AsyncPool#cursor()}: closing it gives its connection back to the pool. */
final class PooledAsyncCursor extends AsyncCursor<Row> {
    private final ReleaseOnce release;

    PooledAsyncCursor(AsyncConnection conn, Runnable release) {
        super(conn, RowFactories.tuple());
        this.release = new ReleaseOnce(release);
    }

    @Override
    public void close() {
        super.close();
        release.run();
    }
}
