package dev.tusk.errors;

import java.util.Map;

/**
 * Everything the server said in an {@code ErrorResponse} or {@code NoticeResponse}
 * (psycopg's {@code Diagnostic}). Immutable: unlike psycopg's, it stays valid after a
 * notice callback returns. Fields the server did not send are {@code null}.
 *
 * <pre>{@code
 * try { cur.execute("INSERT INTO t VALUES (1)"); }
 * catch (UniqueViolation e) { System.out.println(e.diagnostic().constraintName()); }
 * }</pre>
 *
 * @param severity             localized severity ({@code ERROR}, {@code WARNING}, ...)
 * @param severityNonlocalized severity in English, never translated
 * @param sqlState             the five-character SQLSTATE code
 * @param messagePrimary       the primary human-readable message
 * @param messageDetail        optional detail
 * @param messageHint          optional hint
 * @param statementPosition    1-based character position in the query, as text
 * @param internalPosition     position in an internally generated query
 * @param internalQuery        the internally generated query
 * @param context              call stack context
 * @param schemaName           schema of the object involved
 * @param tableName            table involved
 * @param columnName           column involved
 * @param datatypeName         data type involved
 * @param constraintName       constraint involved
 * @param sourceFile           server source file
 * @param sourceLine           server source line
 * @param sourceFunction       server source function
 */
public record Diagnostic(
        String severity,
        String severityNonlocalized,
        String sqlState,
        String messagePrimary,
        String messageDetail,
        String messageHint,
        String statementPosition,
        String internalPosition,
        String internalQuery,
        String context,
        String schemaName,
        String tableName,
        String columnName,
        String datatypeName,
        String constraintName,
        String sourceFile,
        String sourceLine,
        String sourceFunction) {

    /**
     * Builds a diagnostic from the protocol's field codes ({@code 'S'}, {@code 'C'},
     * {@code 'M'}, ...); unknown codes are ignored, as the protocol asks.
     *
     * @param fields field code to value
     * @return the diagnostic
     */
    public static Diagnostic of(Map<Character, String> fields) {
        return new Diagnostic(
                fields.get('S'), fields.get('V'), fields.get('C'), fields.get('M'),
                fields.get('D'), fields.get('H'), fields.get('P'), fields.get('p'),
                fields.get('q'), fields.get('W'), fields.get('s'), fields.get('t'),
                fields.get('c'), fields.get('d'), fields.get('n'), fields.get('F'),
                fields.get('L'), fields.get('R'));
    }

    /**
     * The message as psql shows it: severity, primary message, and detail and hint lines.
     *
     * @return a multi-line human-readable text
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (severity != null) {
            sb.append(severity).append(":  ");
        }
        sb.append(messagePrimary == null ? "(no message)" : messagePrimary);
        if (messageDetail != null) {
            sb.append("\nDETAIL:  ").append(messageDetail);
        }
        if (messageHint != null) {
            sb.append("\nHINT:  ").append(messageHint);
        }
        return sb.toString();
    }
}
