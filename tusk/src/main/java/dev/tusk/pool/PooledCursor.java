package dev.tusk.pool;

import dev.tusk.Connection;
import dev.tusk.Cursor;
import dev.tusk.Row;
import dev.tusk.RowFactories;

/** The cursor of {@link Pool#cursor()}: closing it gives its connection back to the pool. */
final class PooledCursor extends Cursor<Row> {
    private final ReleaseOnce release;

    PooledCursor(Connection conn, Runnable release) {
        super(conn, RowFactories.tuple());
        this.release = new ReleaseOnce(release);
    }

    @Override
    public void close() {
        super.close();
        release.run();
    }
}
