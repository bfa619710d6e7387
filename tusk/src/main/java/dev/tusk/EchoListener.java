package dev.tusk;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@link ConnectOptions.Builder#echo}: logs every statement on the logger {@code dev.tusk.sql}
 * (aiopg's {@code echo}). Before it is sent, at {@code INFO}: the SQL as sent, then its
 * parameters, {@code ***} each when they are masked:
 *
 * <pre>
 * SELECT * FROM users WHERE id = $1 AND name = $2 -- parameters: [42, 'bob']
 * </pre>
 *
 * Its end at {@code DEBUG} ({@code ... -- 1 rows in 0.412 ms}), its failure at
 * {@code WARNING} ({@code ... -- failed after 0.388 ms: UndefinedTable: ERROR: ...}).
 *
 * <p>A password literal in the SQL ({@code ALTER ROLE bob PASSWORD '...'}, a user mapping's
 * {@code OPTIONS (password '...')}) is logged as {@code '***'}; the server cannot take a
 * password as a parameter, so the literal is where one would appear. Connection parameters
 * are never logged here.
 */
final class EchoListener implements ExecutionListener {
    static final String LOGGER = "dev.tusk.sql";
    private static final System.Logger LOG = System.getLogger(LOGGER);
    private static final String MASK = "***";
    // PASSWORD followed by a string constant: '...', E'...' or $tag$...$tag$.
    private static final Pattern PASSWORD_LITERAL = Pattern.compile(
            "(?i)(\\bpassword\\s+)(?:e'(?:[^'\\\\]|''|\\\\.)*'|'(?:[^']|'')*'|(\\$\\w*\\$)(?s:.*?)\\2)");

    private final boolean showParameters;

    EchoListener(boolean showParameters) {
        this.showParameters = showParameters;
    }

    @Override
    public void before(ExecutionEvent event) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        String sql = masked(event.sql());
        List<Object> params = event.parameters();
        LOG.log(Level.INFO, params == null || params.isEmpty() ? sql : sql + " -- parameters: " + format(params));
    }

    @Override
    public void after(ExecutionEvent event, long rows, Duration elapsed) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, masked(event.sql()) + " -- " + (rows >= 0 ? rows + " rows in " : "done in ")
                    + millis(elapsed) + " ms");
        }
    }

    @Override
    public void error(ExecutionEvent event, Throwable error, Duration elapsed) {
        if (LOG.isLoggable(Level.WARNING)) {
            LOG.log(Level.WARNING, masked(event.sql()) + " -- failed after " + millis(elapsed) + " ms: "
                    + error.getClass().getSimpleName() + ": " + error.getMessage());
        }
    }

    @Override
    public String toString() {
        return "echo" + (showParameters ? "" : " (parameters masked)");
    }

    static String masked(String sql) {
        return PASSWORD_LITERAL.matcher(sql).replaceAll("$1'" + MASK + "'");
    }

    private String format(List<Object> params) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < params.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(showParameters ? literal(params.get(i)) : MASK);
        }
        return sb.append(']').toString();
    }

    /** A value as a reader of the log recognises it: numbers bare, text quoted, bytes counted. */
    private static String literal(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof byte[] b) {
            return "<" + b.length + " bytes>";
        }
        if (v instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        return "'" + v.toString().replace("'", "''") + "'";
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e6);
    }
}
