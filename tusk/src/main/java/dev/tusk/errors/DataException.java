package dev.tusk.errors;

/**
 * A problem with the processed data: division by zero, a value out of range, a bad literal (DB-API {@code DataError}).
 */
public class DataException extends DatabaseException {
    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public DataException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception for an error reported by the server.
     *
     * @param diagnostic the server's error fields
     */
    public DataException(Diagnostic diagnostic) {
        super(diagnostic);
    }
}
