package dev.tusk;

import java.time.Duration;

/**
 * Hears every statement a connection sends: before it goes, and when it completed or
 * failed, with the rows and the time it took. For metrics, tracing and audit logs, without
 * subclassing cursors. Register it with {@link ConnectOptions.Builder#executionListener} or
 * {@link BaseConnection#addExecutionListener}.
 *
 * <pre>{@code
 * ExecutionListener metrics = new ExecutionListener() {
 *     @Override
 *     public void after(ExecutionEvent event, long rows, Duration elapsed) {
 *         histogram.record(elapsed.toNanos());
 *     }
 *
 *     @Override
 *     public void error(ExecutionEvent event, Throwable error, Duration elapsed) {
 *         failures.increment();
 *     }
 * };
 * Connection conn = Connection.connect(dsn, ConnectOptions.builder().executionListener(metrics).build());
 * }</pre>
 *
 * <p>What counts as a statement: everything a connection sends for its cursors and its
 * application, on every kind of connection and cursor — {@code execute}, each parameter set
 * of {@code executeMany}, pipelined statements, a server-side cursor's {@code DECLARE},
 * {@code FETCH}, {@code MOVE} and {@code CLOSE} (and the look-up in {@code pg_cursors}
 * that tells whether it is still open), streamed queries — and the transaction
 * control Tusk sends on the application's behalf ({@code BEGIN}, {@code COMMIT},
 * {@code ROLLBACK}, savepoints), since the server runs and times those too. Not counted: the
 * login, a pipeline's {@code Sync}, and cancel requests (which go over a connection of their
 * own). A statement that is retried once because its prepared form went stale is reported
 * twice: the server ran it twice.
 *
 * <p>Timing: {@code elapsed} runs from the moment the statement is handed to the connection's
 * driver to the moment its result is complete, so a pipelined statement's time includes the
 * wait for its group's sync, and a streamed query's the time its consumer took.
 *
 * <p>Threads: a blocking {@link Connection} calls listeners on the thread that runs the
 * statement; an {@link AsyncConnection} on its event-loop thread, so keep listeners short and
 * never block in them (they delay every connection of that loop); a
 * {@link PollingConnection} on the thread that calls {@code poll()}. A listener that throws
 * is logged at {@code WARNING} on the logger {@code dev.tusk} and otherwise ignored: it never
 * breaks the statement or the connection. Listeners must not use the connection they listen
 * to.
 */
public interface ExecutionListener {

    /**
     * The statement is about to be sent.
     *
     * @param event the statement
     */
    default void before(ExecutionEvent event) {
    }

    /**
     * The statement completed.
     *
     * @param event   the statement
     * @param rows    rows returned or affected, from the command tag ({@code INSERT 0 5}: 5,
     *                {@code SELECT 3}: 3); -1 when the tag has no count (DDL, {@code BEGIN})
     * @param elapsed from sending to completion
     */
    default void after(ExecutionEvent event, long rows, Duration elapsed) {
    }

    /**
     * The statement failed: the server's error ({@link dev.tusk.errors.PgException}), a
     * pipelined statement skipped after an earlier failure
     * ({@link dev.tusk.errors.PipelineAborted}), or a lost connection.
     *
     * @param event   the statement
     * @param error   why
     * @param elapsed from sending to failure
     */
    default void error(ExecutionEvent event, Throwable error, Duration elapsed) {
    }
}
