package dev.tusk.errors;

/**
 * The relational integrity of the database is affected: a foreign key, unique or check constraint failed (DB-API {@code IntegrityError}).
 */
public class IntegrityException extends DatabaseException {
    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public IntegrityException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public IntegrityException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception for an error reported by the server.
     *
     * @param diagnostic the server's error fields
     */
    public IntegrityException(Diagnostic diagnostic) {
        super(diagnostic);
    }
}
