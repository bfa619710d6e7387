package dev.tusk.errors;

/**
 * A statement ran past its timeout and was cancelled on the server. The connection was
 * drained back to {@code ReadyForQuery} and stays usable; inside a transaction, the
 * transaction is failed and recovers with a rollback.
 */
public class QueryTimeoutException extends QueryCanceled {
    /**
     * Creates the exception from the server's cancellation error.
     *
     * @param diagnostic the server's {@code query_canceled} fields
     * @param timeout    the timeout that expired, for the message
     */
    public QueryTimeoutException(Diagnostic diagnostic, java.time.Duration timeout) {
        super(new Diagnostic(diagnostic.severity(), diagnostic.severityNonlocalized(), diagnostic.sqlState(),
                "statement timed out after " + timeout.toMillis() + " ms and was cancelled: "
                        + diagnostic.messagePrimary(),
                diagnostic.messageDetail(), diagnostic.messageHint(), diagnostic.statementPosition(),
                diagnostic.internalPosition(), diagnostic.internalQuery(), diagnostic.context(),
                diagnostic.schemaName(), diagnostic.tableName(), diagnostic.columnName(),
                diagnostic.datatypeName(), diagnostic.constraintName(), diagnostic.sourceFile(),
                diagnostic.sourceLine(), diagnostic.sourceFunction()));
    }
}
