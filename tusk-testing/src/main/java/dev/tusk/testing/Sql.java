package dev.tusk.testing;

import java.nio.charset.StandardCharsets;

/**
 * Quoting for the SQL that sets up roles and databases in single-user mode, where every line is
 * one statement: literals and identifiers therefore must never contain a raw line break.
 */
final class Sql {

    private static final int MAX_IDENTIFIER_BYTES = 63;

    private Sql() {
    }

    /**
     * Quotes an identifier. Names the server would silently truncate are rejected, because the
     * truncated role would no longer match its {@code pg_hba.conf} line.
     */
    static String identifier(String name) {
        checkName(name);
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Validates a role or database name without echoing anything secret. */
    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty identifier");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new IllegalArgumentException("identifier longer than 63 bytes: " + name);
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("identifier with control characters: " + name.strip());
        }
    }

    /** Quotes a string literal as an escape string so line breaks stay on one line. */
    static String literal(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 3).append("E'");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> sb.append("\\'");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\0' -> throw new IllegalArgumentException("string literal with a NUL character");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }
}
