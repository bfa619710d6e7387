package dev.tusk;

/**
 * Tells whether SQL text is exactly one statement, so that a query without parameters may go
 * through the extended protocol (which takes one statement) and be prepared like any other.
 * It follows the server's lexer for what can hide a semicolon: string constants, quoted
 * identifiers, dollar quotes and comments. When in doubt it answers {@code false}, which only
 * keeps the query on the simple protocol: a backslash in a plain string constant is such a
 * doubt, since with {@code standard_conforming_strings} off it escapes a quote.
 */
final class SingleStatement {
    private SingleStatement() {
    }

    /**
     * Whether {@code sql} holds one statement, optionally followed by semicolons, comments and
     * white space.
     *
     * @param sql SQL text
     * @return false for several statements, none, or text it cannot be sure of
     */
    static boolean test(String sql) {
        int n = sql.length();
        boolean seen = false;
        boolean ended = false;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = skipBlockComment(sql, i);
                if (i < 0) {
                    return false;
                }
                continue;
            }
            if (c == ';') {
                ended = seen;
                i++;
                continue;
            }
            if (ended) {
                return false;
            }
            seen = true;
            if (c == '\'') {
                i = skipQuoted(sql, i, isEscapePrefix(sql, i));
            } else if (c == '"') {
                i = skipQuoted(sql, i, false);
            } else if (c == '$' && !continuesWord(sql, i)) {
                i = skipDollarQuote(sql, i);
            } else {
                i++;
            }
            if (i < 0) {
                return false;
            }
        }
        return seen;
    }

    /** An {@code E'...'} constant: the quote follows a lone {@code E} or {@code e}. */
    private static boolean isEscapePrefix(String sql, int quote) {
        return quote > 0 && (sql.charAt(quote - 1) == 'E' || sql.charAt(quote - 1) == 'e')
                && !continuesWord(sql, quote - 1);
    }

    /** Whether the character before {@code at} makes {@code at} part of a word (identifier or {@code $n}). */
    private static boolean continuesWord(String sql, int at) {
        if (at == 0) {
            return false;
        }
        char p = sql.charAt(at - 1);
        return Character.isLetterOrDigit(p) || p == '_' || p == '$' || p >= 0x80;
    }

    /**
     * Index after the string constant or quoted identifier opening at {@code open} (the quote
     * doubled inside stands for itself), or -1 if it never closes or is unsure: a backslash in
     * a string constant escapes the next character only in an {@code E'...'} constant.
     */
    private static int skipQuoted(String sql, int open, boolean escapes) {
        char quote = sql.charAt(open);
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\' && quote == '\'') {
                if (!escapes) {
                    return -1;
                }
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    /** Block comments nest in PostgreSQL. */
    private static int skipBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i + 1 < sql.length()) {
            char c = sql.charAt(i);
            char d = sql.charAt(i + 1);
            if (c == '/' && d == '*') {
                depth++;
                i += 2;
            } else if (c == '*' && d == '/') {
                i += 2;
                if (--depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    /**
     * Index after the dollar-quoted constant opening at {@code dollar}, or after a {@code $}
     * that opens none (a parameter such as {@code $1}); -1 if it never closes.
     */
    private static int skipDollarQuote(String sql, int dollar) {
        int i = dollar + 1;
        while (i < sql.length() && isTagChar(sql.charAt(i), i == dollar + 1)) {
            i++;
        }
        if (i >= sql.length() || sql.charAt(i) != '$') {
            return dollar + 1;
        }
        String tag = sql.substring(dollar, i + 1);
        int close = sql.indexOf(tag, i + 1);
        return close < 0 ? -1 : close + tag.length();
    }

    private static boolean isTagChar(char c, boolean first) {
        return Character.isLetter(c) || c == '_' || c >= 0x80 || (!first && Character.isDigit(c));
    }
}
