package dev.tusk.errors;

/**
 * A programming error: a missing table, a syntax error, wrong number of parameters (DB-API {@code ProgrammingError}).
 */
public class ProgrammingException extends DatabaseException {
    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public ProgrammingException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public ProgrammingException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception for an error reported by the server.
     *
     * @param diagnostic the server's error fields
     */
    public ProgrammingException(Diagnostic diagnostic) {
        super(diagnostic);
    }
}
