package dev.tusk.errors;

/**
 * An error in the client library or its use rather than in the database (DB-API {@code InterfaceError}).
 */
public class InterfaceException extends PgException {
    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public InterfaceException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public InterfaceException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception for an error reported by the server.
     *
     * @param diagnostic the server's error fields
     */
    public InterfaceException(Diagnostic diagnostic) {
        super(diagnostic);
    }
}
