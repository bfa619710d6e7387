package dev.tusk.types;

/** The wire format of a value: PostgreSQL's text or binary representation. */
public enum Format {
    /** The text form, as {@code psql} shows it (format code 0). */
    TEXT,
    /** The type's binary send/receive form (format code 1). */
    BINARY;

    /**
     * The protocol's format code.
     *
     * @return 0 for text, 1 for binary
     */
    public short code() {
        return (short) ordinal();
    }

    /**
     * The format for a protocol format code.
     *
     * @param code 0 or 1
     * @return the format
     * @throws IllegalArgumentException for any other code
     */
    public static Format ofCode(int code) {
        return switch (code) {
            case 0 -> TEXT;
            case 1 -> BINARY;
            default -> throw new IllegalArgumentException("unknown format code " + code);
        };
    }
}
