package dev.tusk.sql;

/** The format a psycopg placeholder asks for its parameter. */
public enum ParamFormat {
    /** {@code %s}: the adapter chooses text or binary. */
    AUTO,
    /** {@code %b}: binary. */
    BINARY,
    /** {@code %t}: text. */
    TEXT;

    /**
     * The placeholder letter.
     *
     * @return {@code 's'}, {@code 'b'} or {@code 't'}
     */
    public char letter() {
        return switch (this) {
            case AUTO -> 's';
            case BINARY -> 'b';
            case TEXT -> 't';
        };
    }

    /** The format for a placeholder letter, or {@code null} for any other character. */
    static ParamFormat ofLetter(char c) {
        return switch (c) {
            case 's' -> AUTO;
            case 'b' -> BINARY;
            case 't' -> TEXT;
            default -> null;
        };
    }
}
