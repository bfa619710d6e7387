package dev.tusk;

import dev.tusk.errors.PgException;
import dev.tusk.protocol.Command;
import dev.tusk.protocol.ExtendedQuery;
import dev.tusk.sql.Composable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * An explicit pipeline (psycopg 3's {@code conn.pipeline()}): statements grouped under one
 * {@code Sync} for throughput. They are collected until {@link #sync()}, then written
 * together, so no other command of the connection can land inside the group.
 *
 * <pre>{@code
 * AsyncPipeline p = conn.pipeline();
 * CompletableFuture<AsyncCursor<Row>> a = p.execute("INSERT INTO t VALUES (%s)", 1);
 * CompletableFuture<AsyncCursor<Row>> b = p.execute("SELECT count(*) FROM t");
 * p.sync().join();                       // one round trip for the whole group
 * }</pre>
 *
 * As in psycopg: when a statement fails, the server skips the rest of its group, whose
 * futures fail with {@link dev.tusk.errors.PipelineAborted}; {@code sync()} fails with the
 * first error. Outside an explicit transaction (autocommit), PostgreSQL runs a group as one
 * implicit transaction: an error rolls back the whole group. Without autocommit, the group
 * runs in the connection's transaction, which an error leaves failed until rollback.
 * Statements take their values when added; thread-safe.
 */
public final class AsyncPipeline {
    private final AsyncConnection connection;
    private List<Entry<?>> group = new ArrayList<>();

    /** A statement waiting for the group's sync, and what completes when it ends. */
    private record Entry<T>(ExtendedQuery command, TuskFuture<T> future, Supplier<T> result) {
        void complete() {
            PgException e = command.error();
            if (e != null) {
                future.completeExceptionally(e);
            } else {
                future.complete(result.get());
            }
        }
    }

    AsyncPipeline(AsyncConnection connection) {
        this.connection = connection;
    }

    /**
     * A cursor whose statements join this pipeline: its {@code execute} futures complete once
     * the group is synced and the statement's result is in.
     *
     * @return the cursor
     */
    public AsyncCursor<Row> cursor() {
        return cursor(RowFactories.tuple());
    }

    /**
     * A cursor with a row factory whose statements join this pipeline.
     *
     * @param rowFactory what rows become
     * @param <R>        the row type
     * @return the cursor
     */
    public <R> AsyncCursor<R> cursor(RowFactory<R> rowFactory) {
        AsyncCursor<R> cur = connection.cursor(rowFactory);
        cur.joinPipeline(this);
        return cur;
    }

    /**
     * Adds a statement with {@code %s} placeholders on a new cursor.
     *
     * @param sql    one statement
     * @param params one value per placeholder
     * @return the cursor, once the group is synced
     */
    public CompletableFuture<AsyncCursor<Row>> execute(String sql, Object... params) {
        return cursor().execute(sql, params);
    }

    /**
     * Adds a statement with {@code %(name)s} placeholders on a new cursor.
     *
     * @param sql    one statement
     * @param params values by name
     * @return the cursor, once the group is synced
     */
    public CompletableFuture<AsyncCursor<Row>> execute(String sql, Map<String, ?> params) {
        return cursor().execute(sql, params);
    }

    /**
     * Adds a query composed with {@link dev.tusk.sql}, with positional parameters, on a new
     * cursor (see {@link AsyncCursor#execute(Composable, Object...)}).
     *
     * @param query  one statement
     * @param params one value per placeholder
     * @return the cursor, once the group is synced
     */
    public CompletableFuture<AsyncCursor<Row>> execute(Composable query, Object... params) {
        return cursor().execute(query, params);
    }

    /**
     * Adds a query composed with {@link dev.tusk.sql}, with named parameters, on a new cursor.
     *
     * @param query  one statement
     * @param params values by name
     * @return the cursor, once the group is synced
     */
    public CompletableFuture<AsyncCursor<Row>> execute(Composable query, Map<String, ?> params) {
        return cursor().execute(query, params);
    }

    /** Queues a statement; its future completes after the sync. */
    synchronized <T> CompletableFuture<T> add(ExtendedQuery command, Supplier<T> result) {
        Entry<T> e = new Entry<>(command, new TuskFuture<>(), result);
        command.onComplete(e::complete);
        group.add(e);
        return e.future;
    }

    /**
     * Sends the statements added so far with one {@code Sync} and waits for their results.
     * Statements added afterwards form the next group.
     *
     * @return completes when the group is done; fails with the group's first error
     */
    public CompletableFuture<Void> sync() {
        List<Entry<?>> sent;
        synchronized (this) {
            sent = group;
            group = new ArrayList<>();
        }
        List<Command> commands = new ArrayList<>(sent.size());
        for (Entry<?> e : sent) {
            commands.add(e.command);
        }
        TuskFuture<Void> done = new TuskFuture<>();
        connection.runGroup(commands, () -> {
            for (Entry<?> e : sent) {
                if (e.command.error() != null) {
                    throw e.command.error();
                }
            }
            return null;
        }).whenComplete((v, error) -> {
            if (error == null) {
                done.complete(null);
                return;
            }
            Throwable cause = AsyncConnection.unwrap(error);
            for (Entry<?> e : sent) {
                // Never sent (the connection closed, a value failed to encode): fail with the group.
                e.future.completeExceptionally(cause);
            }
            done.completeExceptionally(cause);
        });
        return done;
    }

    /**
     * The connection the pipeline runs on.
     *
     * @return the connection
     */
    public AsyncConnection connection() {
        return connection;
    }
}
