package dev.tusk.errors;

/**
 * An error related to the database (DB-API {@code DatabaseError}); the base of every error the server reports.
 */
public class DatabaseException extends PgException {
    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public DatabaseException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception for an error reported by the server.
     *
     * @param diagnostic the server's error fields
     */
    public DatabaseException(Diagnostic diagnostic) {
        super(diagnostic);
    }
}
