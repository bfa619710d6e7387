package dev.tusk;

/** Whether a connection can be used (psycopg's {@code ConnStatus}). */
public enum ConnectionStatus {
    /** Open and in sync with the server. */
    OK,
    /** Closed or broken. */
    BAD
}
