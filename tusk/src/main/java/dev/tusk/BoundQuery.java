package dev.tusk;

import dev.tusk.errors.ProgrammingException;
import dev.tusk.protocol.Command;
import dev.tusk.protocol.ExtendedQuery;
import dev.tusk.protocol.ResultHandler;
import dev.tusk.protocol.SimpleQuery;
import dev.tusk.sql.ParamFormat;
import dev.tusk.sql.PlaceholderQuery;
import dev.tusk.types.Adapters;
import dev.tusk.types.Dumper;
import dev.tusk.types.Format;
import java.util.List;
import java.util.Map;

/**
 * A query as a cursor sends it: either plain SQL for the simple protocol, or a statement with
 * {@code $n} placeholders and its values with their dumpers for the extended protocol. It also
 * renders itself with literals ({@code mogrify}, {@code query()}).
 */
final class BoundQuery {
    @SuppressWarnings("unchecked")
    private static final Dumper<Object>[] NO_DUMPERS = new Dumper[0];

    /** The placeholder query, or {@code null} for plain SQL. */
    private final PlaceholderQuery template;
    /** The text the server gets: the template's {@code $n} form, or the plain SQL as written. */
    private final String sql;
    private final Object[] values;
    private final Dumper<Object>[] dumpers;

    private BoundQuery(PlaceholderQuery template, String sql, Object[] values, Dumper<Object>[] dumpers) {
        this.template = template;
        this.sql = sql;
        this.values = values;
        this.dumpers = dumpers;
    }

    /** Plain SQL, possibly several statements, {@code %} not special. */
    static BoundQuery simple(String sql) {
        return new BoundQuery(null, sql, new Object[0], NO_DUMPERS);
    }

    /** Positional parameters; a {@code null} array is one NULL parameter (a Java varargs quirk). */
    static BoundQuery positional(String sql, Object[] params, Adapters adapters) {
        PlaceholderQuery q = PlaceholderQuery.parse(sql);
        return of(q, q.bind(params == null ? new Object[] {null} : params), adapters);
    }

    static BoundQuery named(String sql, Map<String, ?> params, Adapters adapters) {
        PlaceholderQuery q = PlaceholderQuery.parse(sql);
        return of(q, q.bind(params), adapters);
    }

    /** One parameter set of an {@code executeMany}: an {@code Object[]}, a {@code List} or a {@code Map}. */
    @SuppressWarnings("unchecked")
    static BoundQuery ofSet(PlaceholderQuery q, Object set, Adapters adapters) {
        if (set instanceof Object[] a) {
            return of(q, q.bind(a), adapters);
        }
        if (set instanceof List<?> l) {
            return of(q, q.bind(l.toArray()), adapters);
        }
        if (set instanceof Map<?, ?> m) {
            return of(q, q.bind((Map<String, ?>) m), adapters);
        }
        throw new ProgrammingException("executeMany parameter sets must be Object[], List or Map, got "
                + (set == null ? "null" : set.getClass().getName()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static BoundQuery of(PlaceholderQuery q, Object[] values, Adapters adapters) {
        Dumper<Object>[] dumpers = new Dumper[values.length];
        List<ParamFormat> formats = q.formats();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                dumpers[i] = switch (formats.get(i)) {
                    case AUTO -> adapters.dumperFor(values[i]);
                    case TEXT -> adapters.dumperFor(values[i], Format.TEXT);
                    case BINARY -> adapters.dumperFor(values[i], Format.BINARY);
                };
            }
        }
        return new BoundQuery(q, q.sql(), values, dumpers);
    }

    /**
     * The command that runs it, delivering results to {@code handler}. SQL without parameters
     * takes the extended protocol too when it is one statement, so that it is prepared after
     * the connection's {@code prepareThreshold} uses and its results come in binary from then
     * on; several statements need the simple protocol.
     */
    Command command(ResultHandler handler, Adapters adapters) {
        if (template == null && !SingleStatement.test(sql)) {
            return new SimpleQuery(sql, handler);
        }
        return new ExtendedQuery(sql, values, dumpers, adapters::hasBinaryLoader, handler);
    }

    /**
     * The command that streams its rows in batches ({@link ExtendedQuery#streamed}); one
     * statement, sent as written when it has no parameters.
     */
    ExtendedQuery streamed(ResultHandler handler, Adapters adapters, int fetchSize) {
        return ExtendedQuery.streamed(sql, values, dumpers, adapters::hasBinaryLoader, handler, fetchSize);
    }

    /** The command that runs it in a pipeline group ({@link ExtendedQuery#pipelined}); one statement. */
    ExtendedQuery pipelined(ResultHandler handler, Adapters adapters) {
        return ExtendedQuery.pipelined(sql, values, dumpers, adapters::hasBinaryLoader, handler);
    }

    /**
     * The command that runs it after {@code head} (a server-side cursor's {@code DECLARE ...
     * FOR}) through the extended protocol: one statement, sent as written when it has no
     * parameters.
     */
    ExtendedQuery after(String head, ResultHandler handler, Adapters adapters) {
        return new ExtendedQuery(head + sql, values, dumpers, adapters::hasBinaryLoader, handler);
    }

    /** The query with every parameter as an SQL literal, exactly as the server would parse it. */
    String render() {
        if (template == null) {
            return sql;
        }
        String[] literals = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            literals[i] = values[i] == null ? "NULL" : dumpers[i].quote(values[i]);
        }
        return template.render(literals);
    }

    /** {@code SELECT * FROM name(%s, ...)} for a call with positional arguments (DB-API callproc). */
    static String callSql(String name, int arguments) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(checkRoutineName(name)).append('(');
        for (int i = 0; i < arguments; i++) {
            sql.append(i == 0 ? "%s" : ",%s");
        }
        return sql.append(')').toString();
    }

    /** {@code SELECT * FROM name("a" => %s, ...)} for a call with named arguments. */
    static String callSql(String name, Iterable<String> argumentNames) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(checkRoutineName(name)).append('(');
        int i = 0;
        for (String arg : argumentNames) {
            // Argument names are identifiers: quoted, never placeholders.
            sql.append(i++ == 0 ? "" : ",").append('"').append(arg.replace("\"", "\"\"")).append("\" => %s");
        }
        return sql.append(')').toString();
    }

    private static String checkRoutineName(String name) {
        if (name == null || name.isBlank() || name.indexOf(';') >= 0 || name.indexOf('(') >= 0) {
            throw new ProgrammingException("invalid function name for callProc: " + name);
        }
        return name;
    }
}
