package dev.tusk.protocol;

import dev.tusk.protocol.BackendMessage.*;
import dev.tusk.types.ByteSink;

/**
 * A query string sent with the simple query protocol: one or more statements, results in
 * text format, one {@code ReadyForQuery} at the end.
 */
public final class SimpleQuery extends Command {
    private final String sql;
    private final ResultHandler handler;

    /**
     * Creates the command.
     *
     * @param sql     one or more SQL statements, separated by semicolons
     * @param handler receives the results
     */
    public SimpleQuery(String sql, ResultHandler handler) {
        this.sql = sql;
        this.handler = handler;
    }

    /**
     * The query string as sent.
     *
     * @return the SQL
     */
    public String sql() {
        return sql;
    }

    @Override
    void encode(PgSession session, ByteSink out) {
        FrontendEncoder.query(out, sql);
    }

    @Override
    boolean handle(PgSession session, BackendMessage m) {
        if (m instanceof DataRow row) {
            handler.row(row);
        } else if (m instanceof RowDescription rd) {
            handler.begin(rd);
        } else if (m instanceof CommandComplete cc) {
            session.statements().noteCommand(cc.tag());
            recordTag(cc.tag());
            if (!endCopyOut()) {
                handler.end(cc.tag());
            }
        } else if (m instanceof EmptyQueryResponse) {
            handler.end(null);
        } else if (m instanceof ErrorResponse e) {
            recordError(ServerErrors.toException(e.diagnostic()));
        } else if (m instanceof ReadyForQuery) {
            finish();
        } else if (!refuseCopy(session, m)) {
            throw unexpected(m);
        }
        return true;
    }
}
