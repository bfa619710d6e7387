package dev.tusk.conninfo;

import dev.tusk.errors.ProgrammingException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses libpq's {@code key=value} form: whitespace-separated pairs, optional spaces around
 * {@code =}, values in single quotes with {@code \'} and {@code \\} escapes. Errors name the
 * position, never the input, which may hold a password.
 */
final class ConnInfoParser {
    private final String s;
    private int pos;

    private ConnInfoParser(String s) {
        this.s = s;
    }

    static Map<String, String> parse(String s) {
        return new ConnInfoParser(s).pairs();
    }

    private Map<String, String> pairs() {
        Map<String, String> out = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (pos >= s.length()) {
                return out;
            }
            int keyStart = pos;
            while (pos < s.length() && s.charAt(pos) != '=' && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            String key = s.substring(keyStart, pos);
            skipSpace();
            if (pos >= s.length() || s.charAt(pos) != '=') {
                throw new ProgrammingException("invalid connection string: missing \"=\" after \"" + key
                        + "\" at position " + pos);
            }
            pos++;
            skipSpace();
            String value = value();
            if (!Keywords.isKnown(key)) {
                throw new ProgrammingException("invalid connection option \"" + key + "\"");
            }
            out.put(key, value);
        }
    }

    private String value() {
        StringBuilder sb = new StringBuilder();
        if (pos < s.length() && s.charAt(pos) == '\'') {
            int start = pos++;
            while (true) {
                if (pos >= s.length()) {
                    throw new ProgrammingException("invalid connection string: unterminated quoted string starting at position "
                            + start);
                }
                char c = s.charAt(pos++);
                if (c == '\'') {
                    return sb.toString();
                }
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                }
                sb.append(c);
            }
        }
        while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) {
            char c = s.charAt(pos++);
            if (c == '\\' && pos < s.length()) {
                c = s.charAt(pos++);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private void skipSpace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    /** Quotes a value for a conninfo string when it needs it. */
    static String quote(String v) {
        boolean plain = !v.isEmpty();
        for (int i = 0; i < v.length() && plain; i++) {
            char c = v.charAt(i);
            plain = !Character.isWhitespace(c) && c != '\'' && c != '\\';
        }
        if (plain) {
            return v;
        }
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
