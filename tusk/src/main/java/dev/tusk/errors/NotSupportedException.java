package dev.tusk.errors;

/**
 * A method or database feature is not supported (DB-API {@code NotSupportedError}).
 */
public class NotSupportedException extends DatabaseException {
    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public NotSupportedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public NotSupportedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception for an error reported by the server.
     *
     * @param diagnostic the server's error fields
     */
    public NotSupportedException(Diagnostic diagnostic) {
        super(diagnostic);
    }
}
