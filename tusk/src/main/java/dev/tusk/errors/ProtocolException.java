package dev.tusk.errors;

/**
 * The server sent bytes that break the wire protocol: garbage, a truncated or unexpected message. The connection is broken and closed; it is never left out of sync.
 */
public class ProtocolException extends OperationalException {
    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public ProtocolException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a message and a cause.
     *
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception for an error reported by the server.
     *
     * @param diagnostic the server's error fields
     */
    public ProtocolException(Diagnostic diagnostic) {
        super(diagnostic);
    }
}
