package dev.tusk;

/**
 * The connection's transaction status (psycopg's {@code TransactionStatus}, libpq's
 * {@code PQtransactionStatus}).
 */
public enum TransactionStatus {
    /** Connected, not in a transaction. */
    IDLE,
    /** A command is in progress. */
    ACTIVE,
    /** Idle inside a valid transaction block. */
    INTRANS,
    /** Idle inside a failed transaction block: only ROLLBACK is accepted. */
    INERROR,
    /** The connection is closed or broken. */
    UNKNOWN
}
