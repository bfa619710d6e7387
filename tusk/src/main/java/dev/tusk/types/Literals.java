package dev.tusk.types;

import dev.tusk.errors.DataException;

/**
 * Client-side SQL literal quoting, exactly as the server parses it whatever
 * {@code standard_conforming_strings} says. Used by {@code mogrify}; parameters themselves
 * always travel out of band.
 */
public final class Literals {
    private Literals() {
    }

    /**
     * Quotes a string as an SQL string literal: {@code 'it''s'}; a string with a backslash
     * becomes an escape-string literal {@code E'a\\b'} so that it reads the same with
     * {@code standard_conforming_strings} on or off.
     *
     * @param s the string
     * @return the literal
     * @throws DataException if the string contains a NUL character, which PostgreSQL text cannot hold
     */
    public static String quoteString(String s) {
        boolean backslash = false;
        int quotes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                backslash = true;
            } else if (c == '\'') {
                quotes++;
            } else if (c == 0) {
                throw new DataException("PostgreSQL text fields cannot contain NUL (0x00) characters");
            }
        }
        StringBuilder sb = new StringBuilder(s.length() + quotes + 4);
        if (backslash) {
            sb.append(" E'");
        } else {
            sb.append('\'');
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                sb.append("''");
            } else if (c == '\\') {
                sb.append("\\\\");
            } else {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }
}
