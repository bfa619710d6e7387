package dev.tusk.errors;

/**
 * An error in the database's operation, often outside the programmer's control: a lost connection, a failed login, a cancelled query (DB-API {@code OperationalError}).
 */
public class OperationalException extends DatabaseException {
    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public OperationalException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public OperationalException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception for an error reported by the server.
     *
     * @param diagnostic the server's error fields
     */
    public OperationalException(Diagnostic diagnostic) {
        super(diagnostic);
    }
}
