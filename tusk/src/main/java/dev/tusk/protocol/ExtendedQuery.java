package dev.tusk.protocol;

import dev.tusk.errors.NotSupportedException;
import dev.tusk.errors.PgException;
import dev.tusk.errors.PipelineAborted;
import dev.tusk.protocol.BackendMessage.*;
import dev.tusk.types.ByteSink;
import dev.tusk.types.Dumper;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * One statement with out-of-band parameters over the extended query protocol:
 * {@code [Parse] Bind [Describe] Execute Sync}. Whether it goes as the unnamed statement or
 * as a named prepared one is the {@link StatementCache}'s decision. Results come in text
 * until the statement's columns are known; after that, columns whose type has a binary
 * loader come in binary.
 *
 * <p>A {@linkplain #pipelined pipelined} statement is the same without its {@code Sync}: it
 * joins the group that the next {@link PipelineSync} ends, and completes with its own result.
 */
public final class ExtendedQuery extends Command {
    private static final short[] ALL_TEXT = {};
    private static final String CACHED_PLAN_CHANGED = "cached plan must not change result type";

    private final String sql;
    private final Object[] values;
    private final Dumper<Object>[] dumpers;
    private final IntPredicate binaryResult;
    private final ResultHandler handler;
    private final boolean pipelined;
    private final int fetchSize;
    private boolean suspended;
    private boolean stopRequested;
    private boolean syncing;
    private StatementCache.Entry entry;
    private List<String> closes = List.of();
    private boolean preparing;
    private boolean parsed;
    private RowDescription knownDescription;
    private boolean stale;
    private boolean delivered;
    /** A streamed statement's Bind waits for its description: see {@link #encode}. */
    private boolean describing;

    /**
     * Creates the command.
     *
     * @param sql          one statement with {@code $n} placeholders
     * @param values       parameter values; {@code null} elements are SQL NULL
     * @param dumpers      a dumper for each non-null value
     * @param binaryResult which result type OIDs may be requested in binary
     * @param handler      receives the results
     */
    public ExtendedQuery(String sql, Object[] values, Dumper<Object>[] dumpers, IntPredicate binaryResult,
                         ResultHandler handler) {
        this(sql, values, dumpers, binaryResult, handler, false, 0);
    }

    private ExtendedQuery(String sql, Object[] values, Dumper<Object>[] dumpers, IntPredicate binaryResult,
                          ResultHandler handler, boolean pipelined, int fetchSize) {
        this.fetchSize = fetchSize;
        this.sql = sql;
        this.values = values;
        this.dumpers = dumpers;
        this.binaryResult = binaryResult;
        this.handler = handler;
        this.pipelined = pipelined;
    }

    /**
     * A statement for pipeline mode: its messages go without a {@code Sync}, so that it joins
     * the group the next {@link PipelineSync} ends, and it completes at its own end
     * ({@code CommandComplete}, {@code EmptyQueryResponse} or {@code ErrorResponse}) instead
     * of at a {@code ReadyForQuery}. After an error the server skips the rest of the group:
     * the statements it skipped complete with {@link PipelineAborted} when the group's
     * {@code ReadyForQuery} arrives, which they leave to the {@code PipelineSync}. Prepared
     * statements and binary results work as for a synced statement; there is no stale
     * statement retry ({@link #failedOnStaleStatement()} is always false), since the rest
     * of the group already ran or was skipped.
     *
     * <p>{@code COPY FROM STDIN} cannot run in a pipeline (the server would wait for data in
     * the middle of the group, swallowing the group's {@code Sync}): it breaks the session
     * with a {@link NotSupportedException}. {@code COPY TO STDOUT} fails on its own, as it
     * does outside a pipeline.
     *
     * @param sql          one statement with {@code $n} placeholders
     * @param values       parameter values; {@code null} elements are SQL NULL
     * @param dumpers      a dumper for each non-null value
     * @param binaryResult which result type OIDs may be requested in binary
     * @param handler      receives the results
     * @return the command
     */
    public static ExtendedQuery pipelined(String sql, Object[] values, Dumper<Object>[] dumpers,
                                          IntPredicate binaryResult, ResultHandler handler) {
        return new ExtendedQuery(sql, values, dumpers, binaryResult, handler, true, 0);
    }

    /**
     * A statement whose rows come in batches on demand: each {@code Execute} asks for at most
     * {@code fetchSize} rows and is followed by a {@code Flush}, not a {@code Sync}, so the
     * unnamed portal stays open between batches. When a batch ends the server suspends the
     * portal and the handler hears {@link ResultHandler#suspended()}; {@link #fetchMore}
     * asks for the next batch and {@link #stop} closes the portal early. Memory is bounded
     * by one batch. No other command may be written while the portal is open (a {@code Bind}
     * would replace the unnamed portal): the driver holds them back until this one completes.
     *
     * @param sql          one statement with {@code $n} placeholders
     * @param values       parameter values
     * @param dumpers      a dumper for each non-null value
     * @param binaryResult which result type OIDs may be requested in binary
     * @param handler      receives the results
     * @param fetchSize    rows of the first batch, at least 1
     * @return the command
     */
    public static ExtendedQuery streamed(String sql, Object[] values, Dumper<Object>[] dumpers,
                                         IntPredicate binaryResult, ResultHandler handler, int fetchSize) {
        if (fetchSize < 1) {
            throw new IllegalArgumentException("fetchSize must be at least 1");
        }
        return new ExtendedQuery(sql, values, dumpers, binaryResult, handler, false, fetchSize);
    }

    /**
     * Asks a {@linkplain #streamed streamed} statement suspended at the end of a batch for up
     * to {@code rows} more. Driver thread only; the driver then flushes the session.
     *
     * @param session the session it runs on
     * @param rows    the batch size, at least 1
     * @throws IllegalStateException unless the statement is suspended
     */
    public void fetchMore(PgSession session, int rows) {
        if (!suspended || rows < 1) {
            throw new IllegalStateException("the statement is not suspended between batches");
        }
        suspended = false;
        FrontendEncoder.execute(session.output(), "", rows);
        FrontendEncoder.flush(session.output());
    }

    /**
     * Ends a {@linkplain #streamed streamed} statement early: its portal is closed now if it
     * is suspended, else when the batch in flight ends. The command then completes normally
     * at its {@code ReadyForQuery}. Driver thread only; the driver then flushes the session.
     *
     * @param session the session it runs on
     */
    public void stop(PgSession session) {
        if (isDone() || syncing) {
            return;
        }
        if (suspended) {
            closePortal(session);
        } else {
            stopRequested = true;
        }
    }

    /**
     * Whether a {@linkplain #streamed streamed} statement waits between batches.
     *
     * @return true while suspended
     */
    public boolean isSuspended() {
        return suspended;
    }

    private void closePortal(PgSession session) {
        suspended = false;
        FrontendEncoder.close(session.output(), 'P', "");
        sync(session);
    }

    /** A streamed statement is over (completed, failed or stopped): end its implicit transaction. */
    private void sync(PgSession session) {
        syncing = true;
        FrontendEncoder.sync(session.output());
    }

    /**
     * Whether this statement goes without its own {@code Sync} (see {@link #pipelined}).
     *
     * @return true for a pipelined statement
     */
    public boolean isPipelined() {
        return pipelined;
    }

    /**
     * The statement as sent, with {@code $n} placeholders.
     *
     * @return the SQL
     */
    public String sql() {
        return sql;
    }

    /**
     * The parameter values, in placeholder order ({@code null} elements are SQL NULL).
     *
     * @return an unmodifiable view of the values
     */
    public List<Object> parameters() {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    private int[] parameterOids() {
        int[] oids = new int[values.length];
        for (int i = 0; i < oids.length; i++) {
            oids[i] = values[i] == null ? 0 : dumpers[i].oid();
        }
        return oids;
    }

    @Override
    void encode(PgSession session, ByteSink out) {
        StatementCache cache = session.statements();
        int[] oids = parameterOids();
        entry = cache.use(sql, oids);
        // After use(): a statement it evicts to make room is closed in this very command.
        closes = cache.takePendingCloses();
        for (String name : closes) {
            FrontendEncoder.close(out, 'S', name);
        }
        if (fetchSize > 0 && (entry == null || !entry.parsed)) {
            // A stream is meant for many rows: one round trip to learn the columns first lets
            // them all come in binary, which a first execution otherwise cannot ask for.
            String name = statementName();
            if (entry != null) {
                entry.parsed = true;
                preparing = true;
            }
            describing = true;
            FrontendEncoder.parse(out, name, sql, oids);
            FrontendEncoder.describe(out, 'S', name);
            FrontendEncoder.flush(out);
            return;
        }
        if (entry == null) {
            FrontendEncoder.parse(out, "", sql, oids);
            FrontendEncoder.bind(out, "", "", values, dumpers, ALL_TEXT);
            FrontendEncoder.describe(out, 'P', "");
        } else if (!entry.parsed) {
            // Prepare now; its description arrives with this execution, in text.
            entry.parsed = true;
            preparing = true;
            FrontendEncoder.parse(out, entry.name, sql, oids);
            FrontendEncoder.describe(out, 'S', entry.name);
            FrontendEncoder.bind(out, "", entry.name, values, dumpers, ALL_TEXT);
        } else if (entry.described()) {
            short[] formats = ALL_TEXT;
            if (entry.description != null) {
                knownDescription = formatted(entry);
                formats = entry.formats;
            }
            FrontendEncoder.bind(out, "", entry.name, values, dumpers, formats);
        } else {
            // Prepared by a command still in flight: its description is not back yet.
            FrontendEncoder.bind(out, "", entry.name, values, dumpers, ALL_TEXT);
            FrontendEncoder.describe(out, 'P', "");
        }
        FrontendEncoder.execute(out, "", fetchSize);
        if (fetchSize > 0) {
            FrontendEncoder.flush(out);
        } else if (!pipelined) {
            FrontendEncoder.sync(out);
        }
    }

    /** The entry's description with the formats this query's loaders call for, reused while they stay the same. */
    private RowDescription formatted(StatementCache.Entry e) {
        RowDescription f = e.formatted;
        if (f == null || !formatsHold(f)) {
            f = withFormats(e.description);
            e.formatted = f;
            e.formats = formatsOf(f);
        }
        return f;
    }

    private boolean formatsHold(RowDescription formatted) {
        for (Field field : formatted.fields()) {
            if ((field.format() == 1) != binaryResult.test(field.typeOid())) {
                return false;
            }
        }
        return true;
    }

    private RowDescription withFormats(RowDescription rd) {
        Field[] fields = rd.fields().clone();
        for (int i = 0; i < fields.length; i++) {
            fields[i] = fields[i].withFormat(binaryResult.test(fields[i].typeOid()) ? 1 : 0);
        }
        return new RowDescription(fields);
    }

    private static short[] formatsOf(RowDescription rd) {
        if (rd == null) {
            return ALL_TEXT;
        }
        Field[] fields = rd.fields();
        short[] formats = new short[fields.length];
        for (int i = 0; i < formats.length; i++) {
            formats[i] = (short) fields[i].format();
        }
        return formats;
    }

    @Override
    boolean handle(PgSession session, BackendMessage m) {
        if (m instanceof DataRow row) {
            handler.row(row);
        } else if (m instanceof BindComplete) {
            if (knownDescription != null) {
                delivered = true;
                handler.begin(knownDescription);
            }
        } else if (m instanceof RowDescription rd) {
            if (entry != null && !entry.described()) {
                entry.description = rd;
            }
            if (describing) {
                if (entry != null) {
                    knownDescription = formatted(entry);
                    bindDescribed(session, entry.formats);
                } else {
                    knownDescription = withFormats(rd);
                    bindDescribed(session, formatsOf(knownDescription));
                }
                return true;
            }
            delivered = true;
            handler.begin(rd);
        } else if (m instanceof NoData) {
            if (entry != null) {
                entry.describedNoData = true;
            }
            if (describing) {
                bindDescribed(session, ALL_TEXT);
            }
        } else if (m instanceof CommandComplete cc) {
            session.statements().noteCommand(cc.tag());
            recordTag(cc.tag());
            delivered = true;
            if (!endCopyOut()) {
                handler.end(cc.tag());
            }
            endOfStatement(session);
        } else if (m instanceof EmptyQueryResponse) {
            delivered = true;
            handler.end(null);
            endOfStatement(session);
        } else if (m instanceof PortalSuspended && fetchSize > 0) {
            suspended = true;
            if (stopRequested) {
                closePortal(session);
            } else {
                handler.suspended();
            }
        } else if (m instanceof ParseComplete) {
            parsed = true;
        } else if (m instanceof ParameterDescription || m instanceof CloseComplete) {
            return true;
        } else if (m instanceof ErrorResponse e) {
            PgException ex = ServerErrors.toException(e.diagnostic());
            forgetStaleStatement(session.statements(), e.diagnostic());
            recordError(ex);
            endOfStatement(session);
        } else if (m instanceof ReadyForQuery) {
            if (pipelined) {
                skipped(session.statements());
                return false;
            }
            finish();
        } else if (pipelined && m instanceof CopyResponse copy && copy.direction() == 'G') {
            throw new NotSupportedException("COPY FROM STDIN cannot run in a pipeline: the server waits for data"
                    + " in the middle of the group; the connection was closed");
        } else if (!refuseCopy(session, m)) {
            throw unexpected(m);
        }
        return true;
    }

    /** The server-side statement this query runs: its cache entry's name, or the unnamed one. */
    private String statementName() {
        return entry == null ? "" : entry.name;
    }

    /** The rest of a described-first stream: its Bind, now with the result formats, and its first batch. */
    private void bindDescribed(PgSession session, short[] formats) {
        describing = false;
        if (stopRequested) {
            sync(session);
            return;
        }
        FrontendEncoder.bind(session.output(), "", statementName(), values, dumpers, formats);
        FrontendEncoder.execute(session.output(), "", fetchSize);
        FrontendEncoder.flush(session.output());
    }

    /**
     * A pipelined statement has no ReadyForQuery of its own: its result's end is its end. A
     * streamed one sends the Sync it held back, now that its portal is done.
     */
    private void endOfStatement(PgSession session) {
        if (pipelined) {
            finish();
        } else if (fetchSize > 0 && !syncing) {
            sync(session);
        }
    }

    /**
     * The group's ReadyForQuery came first: an earlier statement failed and the server
     * discarded all of this one. So the statement it was to prepare does not exist, and the
     * ones it was to close are still there.
     */
    private void skipped(StatementCache cache) {
        if (preparing) {
            cache.invalidate(entry, false);
        }
        cache.closeLater(closes);
        recordError(new PipelineAborted("pipeline aborted: an earlier statement of the same pipeline group failed,"
                + " so the server skipped this one"));
        finish();
    }

    /**
     * After DDL, a {@code search_path} change or a pooler in between, a cached statement can go
     * stale; forget it so that the next execution prepares afresh.
     */
    private void forgetStaleStatement(StatementCache cache, dev.tusk.errors.Diagnostic d) {
        if (entry == null) {
            return;
        }
        if (preparing && !parsed) {
            cache.invalidate(entry, false);
        } else if ("26000".equals(d.sqlState())) {
            cache.invalidate(entry, false);
            stale = true;
        } else if ("0A000".equals(d.sqlState()) && d.messagePrimary() != null
                && d.messagePrimary().contains(CACHED_PLAN_CHANGED)) {
            cache.invalidate(entry, true);
            stale = true;
        }
    }

    /**
     * Whether the command failed only because its prepared statement went stale on the
     * server (dropped, or its result type changed after DDL). The statement is forgotten; the
     * same query run again is prepared afresh, so a caller outside a transaction can retry.
     * Always false for a pipelined statement: the rest of its group already ran or was
     * skipped, so running it again alone would change the group's meaning.
     *
     * @return true for a stale prepared statement
     */
    public boolean failedOnStaleStatement() {
        return !pipelined && stale && !delivered;
    }

    /**
     * A fresh command for the same query and values, for a retry.
     *
     * @return the copy
     */
    public ExtendedQuery retry() {
        return new ExtendedQuery(sql, values, dumpers, binaryResult, handler, pipelined, fetchSize);
    }
}
