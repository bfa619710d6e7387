package dev.tusk.protocol;

import dev.tusk.errors.PgException;
import dev.tusk.protocol.BackendMessage.*;
import dev.tusk.types.ByteSink;
import dev.tusk.types.Dumper;
import java.util.function.IntPredicate;

/**
 * One statement with out-of-band parameters over the extended query protocol:
 * {@code [Parse] Bind [Describe] Execute Sync}. Whether it goes as the unnamed statement or
 * as a named prepared one is the {@link StatementCache}'s decision. Results come in text
 * until the statement's columns are known; after that, columns whose type has a binary
 * loader come in binary.
 */
public final class ExtendedQuery extends Command {
    private static final short[] ALL_TEXT = {};
    private static final String CACHED_PLAN_CHANGED = "cached plan must not change result type";

    private final String sql;
    private final Object[] values;
    private final Dumper<Object>[] dumpers;
    private final IntPredicate binaryResult;
    private final ResultHandler handler;
    private StatementCache.Entry entry;
    private boolean preparing;
    private boolean parsed;
    private RowDescription knownDescription;
    private boolean stale;
    private boolean delivered;

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
        this.sql = sql;
        this.values = values;
        this.dumpers = dumpers;
        this.binaryResult = binaryResult;
        this.handler = handler;
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
        for (String name : cache.takePendingCloses()) {
            FrontendEncoder.close(out, 'S', name);
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
            knownDescription = entry.description == null ? null : withFormats(entry.description);
            FrontendEncoder.bind(out, "", entry.name, values, dumpers, formatsOf(knownDescription));
        } else {
            // Prepared by a command still in flight: its description is not back yet.
            FrontendEncoder.bind(out, "", entry.name, values, dumpers, ALL_TEXT);
            FrontendEncoder.describe(out, 'P', "");
        }
        FrontendEncoder.execute(out, "", 0);
        FrontendEncoder.sync(out);
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
    void handle(PgSession session, BackendMessage m) {
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
            delivered = true;
            handler.begin(rd);
        } else if (m instanceof NoData) {
            if (entry != null) {
                entry.describedNoData = true;
            }
        } else if (m instanceof CommandComplete cc) {
            session.statements().noteCommand(cc.tag());
            delivered = true;
            if (!endCopyOut()) {
                handler.end(cc.tag());
            }
        } else if (m instanceof EmptyQueryResponse) {
            delivered = true;
            handler.end(null);
        } else if (m instanceof ParseComplete) {
            parsed = true;
        } else if (m instanceof ParameterDescription || m instanceof CloseComplete) {
            return;
        } else if (m instanceof ErrorResponse e) {
            PgException ex = ServerErrors.toException(e.diagnostic());
            forgetStaleStatement(session.statements(), e.diagnostic());
            recordError(ex);
        } else if (m instanceof ReadyForQuery) {
            finish();
        } else if (!refuseCopy(session, m)) {
            throw unexpected(m);
        }
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
     *
     * @return true for a stale prepared statement
     */
    public boolean failedOnStaleStatement() {
        return stale && !delivered;
    }

    /**
     * A fresh command for the same query and values, for a retry.
     *
     * @return the copy
     */
    public ExtendedQuery retry() {
        return new ExtendedQuery(sql, values, dumpers, binaryResult, handler);
    }
}
