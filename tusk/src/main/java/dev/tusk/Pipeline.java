package dev.tusk;

import dev.tusk.errors.PipelineAborted;
import dev.tusk.errors.ProgrammingException;

/**
 * A pipeline block (psycopg 3's {@code with conn.pipeline():}). While one is open, the
 * statements that cursors of its connection execute are sent at once without waiting for
 * their results: {@code execute} returns immediately, and many statements cost one round
 * trip instead of one each. The statements sent up to a sync form a group, which the server
 * runs in order; their results reach their cursors when the group is synced.
 *
 * <pre>{@code
 * try (Pipeline p = conn.pipeline()) {
 *     Cursor<Row> insert = conn.execute("INSERT INTO t (v) VALUES (%s) RETURNING id", "a");
 *     Cursor<Row> count = conn.execute("SELECT count(*) FROM t WHERE v = %s", "a");
 *     p.sync();                                          // one round trip; throws the first error
 *     long id = insert.fetchOne().get(0, Long.class);
 *     long n = count.fetchOne().get(0, Long.class);
 * }                                                      // close() syncs what was sent since
 * }</pre>
 *
 * <ul>
 * <li>{@link #sync()} ends the group and waits for all of it; it throws the first error of
 * the group (a typed server error such as {@code UniqueViolation}). Fetching from a cursor
 * whose statement is still in flight ({@code fetchOne}, {@code description}, {@code rowCount},
 * ...) syncs first, as does any statement run outside the pipeline (a commit, a transaction
 * block). {@link #close()} syncs too; an error is thrown once, by whichever sync met it.</li>
 * <li>After an error the server skips the rest of the group: those statements fail with
 * {@link PipelineAborted}, which their cursors throw when fetched from. The connection is
 * usable after the sync.</li>
 * <li>With autocommit, a group outside a transaction block is one implicit transaction: an
 * error rolls back the whole group. Without autocommit, the first statement is preceded by a
 * {@code BEGIN} in the same group, as outside a pipeline; after an error the transaction is
 * failed ({@link TransactionStatus#INERROR}) until rolled back.</li>
 * <li>{@link Cursor#execute(String)} without parameters goes as one extended-protocol
 * statement in a pipeline (a simple query would end the group), so the string must hold a
 * single statement.</li>
 * <li>The sync is bounded, as a whole, by the longest {@link Cursor#timeout() timeout} of the
 * group's statements (not bounded if one has none); past it the running statement is
 * cancelled and a {@link dev.tusk.errors.QueryTimeoutException} thrown.</li>
 * <li>Blocks nest: an inner block syncs when it closes, and the connection leaves pipeline
 * mode when the outermost one closes.</li>
 * <li>{@code COPY FROM STDIN} cannot run in a pipeline: it breaks the connection.</li>
 * </ul>
 *
 * A pipeline belongs to its connection: statements other threads run on the connection while
 * it is open join it too. {@link Cursor#executeMany} uses one on its own.
 */
public final class Pipeline implements AutoCloseable {
    private final Connection connection;
    private boolean closed;

    Pipeline(Connection connection) {
        this.connection = connection;
    }

    /**
     * Ends the current group with a {@code Sync} and waits until all of it has run; the
     * block stays open for more statements.
     *
     * @throws dev.tusk.errors.PgException the first error of the group
     * @throws ProgrammingException        if this block is closed
     */
    public void sync() {
        if (closed) {
            throw new ProgrammingException("the pipeline block is closed");
        }
        connection.syncPipeline();
    }

    /**
     * Syncs what was sent since the last sync and closes the block; the connection leaves
     * pipeline mode with its outermost block. Closing again does nothing; on a closed
     * connection it only ends the block.
     *
     * @throws dev.tusk.errors.PgException the first error of the group synced now
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            connection.closePipeline();
        }
    }
}
