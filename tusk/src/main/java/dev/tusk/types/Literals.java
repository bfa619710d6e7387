package dev.tusk.types;

import dev.tusk.errors.DataException;
import dev.tusk.errors.ProgrammingException;

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

    /**
     * The value's text form inside a literal that a {@link Dumper#quote} wrote: {@code 42},
     * {@code (-1.5)::float8} → {@code -1.5}, {@code 'it''s'::text} → {@code it's},
     * {@code E'\\x00'::bytea} → {@code \x00}. Binary dumpers have no text form of their own;
     * their literals are how an array's or a range's text form spells their values.
     *
     * @throws ProgrammingException if the literal is not a constant, possibly parenthesised
     *                              and cast
     */
    static String textOf(String literal) {
        String s = literal.strip();
        if (s.startsWith("(")) {
            int close = s.lastIndexOf(')');
            if (close < 0 || !isCastOrNothing(s, close + 1)) {
                throw notConstant(literal);
            }
            return textOf(s.substring(1, close));
        }
        boolean escapes = s.startsWith("E'") || s.startsWith("e'");
        if (!escapes && !s.startsWith("'")) {
            int cast = s.indexOf("::");
            String bare = cast < 0 ? s : s.substring(0, cast);
            // numbers and keywords (true, 1.5E-7); not expressions, not function calls
            if (bare.isEmpty() || !bare.chars().allMatch(c -> Character.isLetterOrDigit(c) || ".+-_".indexOf(c) >= 0)) {
                throw notConstant(literal);
            }
            return bare;
        }
        StringBuilder text = new StringBuilder(s.length());
        int i = escapes ? 2 : 1;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    text.append('\'');
                    i++;
                } else {
                    break;
                }
            } else if (c == '\\' && escapes && i + 1 < s.length()) {
                // quoteString escapes only backslashes; other escapes are read as the character
                text.append(s.charAt(++i));
            } else {
                text.append(c);
            }
        }
        if (i >= s.length() || !isCastOrNothing(s, i + 1)) {
            throw notConstant(literal);
        }
        return text.toString();
    }

    /**
     * Writes a value's text form as an element of a container's text form (array, range, composite):
     * what a text dumper writes; for a binary dumper, the text of the literal it quotes the
     * value as ({@link #textOf}).
     */
    static void writeText(Dumper<Object> d, Object v, ByteSink out) {
        if (d.format() == Format.TEXT) {
            d.dump(v, out);
        } else {
            out.writeUtf8(textOf(d.quote(v)));
        }
    }

    private static boolean isCastOrNothing(String s, int from) {
        return from == s.length() || s.startsWith("::", from);
    }

    private static ProgrammingException notConstant(String literal) {
        return new ProgrammingException("cannot put a value into an array or range literal: its dumper quotes it as "
                + literal + ", not as a constant");
    }
}
