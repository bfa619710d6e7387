package dev.tusk.errors;

/**
 * The root of every exception Tusk throws (DB-API {@code Error}). Unchecked.
 * Errors reported by the server carry their {@link Diagnostic}; client-side errors have none.
 */
public class PgException extends RuntimeException {
    private final transient Diagnostic diagnostic;

    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public PgException(String message) {
        super(message);
        this.diagnostic = null;
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public PgException(String message, Throwable cause) {
        super(message, cause);
        this.diagnostic = null;
    }

    /**
     * Creates the exception for an error reported by the server.
     *
     * @param diagnostic the server's error fields
     */
    public PgException(Diagnostic diagnostic) {
        super(diagnostic.format());
        this.diagnostic = diagnostic;
    }

    /**
     * The server's error fields, or {@code null} when the error arose in the client.
     *
     * @return the diagnostic or {@code null}
     */
    public Diagnostic diagnostic() {
        return diagnostic;
    }

    /**
     * The SQLSTATE of a server error, or {@code null} for a client-side error.
     *
     * @return the five-character code or {@code null}
     */
    public String sqlState() {
        return diagnostic == null ? null : diagnostic.sqlState();
    }
}
