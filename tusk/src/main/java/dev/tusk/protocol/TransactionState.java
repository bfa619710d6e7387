package dev.tusk.protocol;

/** The transaction status reported by {@code ReadyForQuery}. */
public enum TransactionState {
    /** Not in a transaction block ({@code 'I'}). */
    IDLE,
    /** In a transaction block ({@code 'T'}). */
    IN_TRANSACTION,
    /** In a failed transaction block: queries are rejected until rollback ({@code 'E'}). */
    IN_ERROR;

    /**
     * Decodes the protocol's status byte.
     *
     * @param b {@code 'I'}, {@code 'T'} or {@code 'E'}
     * @return the state, or {@code null} for any other byte
     */
    static TransactionState ofByte(int b) {
        return switch (b) {
            case 'I' -> IDLE;
            case 'T' -> IN_TRANSACTION;
            case 'E' -> IN_ERROR;
            default -> null;
        };
    }
}
