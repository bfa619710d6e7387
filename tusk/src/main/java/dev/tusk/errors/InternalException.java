package dev.tusk.errors;

/**
 * The database met an internal error, e.g. the transaction is out of sync (DB-API {@code InternalError}).
 */
public class InternalException extends DatabaseException {
    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public InternalException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public InternalException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception for an error reported by the server.
     *
     * @param diagnostic the server's error fields
     */
    public InternalException(Diagnostic diagnostic) {
        super(diagnostic);
    }
}
