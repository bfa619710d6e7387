package dev.tusk.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds and reads libpq {@code key=value} connection strings.
 *
 * <p>Values that are empty or contain whitespace, single quotes or backslashes are written in
 * single quotes with {@code \'} and {@code \\} escapes, as libpq's parser expects.
 */
public final class ConnInfo {

    private ConnInfo() {
    }

    /**
     * Formats parameters as a conninfo string, in iteration order, skipping null values.
     *
     * @param params keyword to value
     * @return e.g. {@code host=127.0.0.1 port=5432 user=postgres}
     */
    public static String format(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            String key = e.getKey();
            if (key.isEmpty() || !key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) {
                throw new IllegalArgumentException("not a conninfo keyword: " + key);
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(key).append('=').append(quote(e.getValue()));
        }
        return sb.toString();
    }

    /**
     * Quotes one value if libpq needs it quoted.
     *
     * @param value the raw value
     * @return the value as it must appear after {@code key=}
     */
    public static String quote(String value) {
        Objects.requireNonNull(value, "value");
        boolean needsQuotes = value.isEmpty();
        for (int i = 0; i < value.length() && !needsQuotes; i++) {
            char c = value.charAt(i);
            needsQuotes = Character.isWhitespace(c) || c == '\'' || c == '\\';
        }
        if (!needsQuotes) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('\'').toString();
    }

    /**
     * Parses a {@code key=value} conninfo string (not a URI).
     *
     * @param conninfo the string
     * @return keyword to value, in order of appearance; a repeated keyword keeps its last value
     * @throws IllegalArgumentException if the string is malformed; the message never repeats values,
     *     since they may include a password
     */
    public static Map<String, String> parse(String conninfo) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = conninfo.length();
        while (true) {
            while (i < n && Character.isWhitespace(conninfo.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            int keyStart = i;
            while (i < n && conninfo.charAt(i) != '=' && !Character.isWhitespace(conninfo.charAt(i))) {
                i++;
            }
            String key = conninfo.substring(keyStart, i);
            while (i < n && Character.isWhitespace(conninfo.charAt(i))) {
                i++;
            }
            if (key.isEmpty() || i >= n || conninfo.charAt(i) != '=') {
                throw new IllegalArgumentException("missing \"=\" after keyword at offset " + keyStart);
            }
            i++;
            while (i < n && Character.isWhitespace(conninfo.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && conninfo.charAt(i) == '\'') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unterminated quoted value for keyword " + key);
                    }
                    char c = conninfo.charAt(i++);
                    if (c == '\'') {
                        break;
                    }
                    if (c == '\\' && i < n) {
                        c = conninfo.charAt(i++);
                    }
                    value.append(c);
                }
            } else {
                while (i < n && !Character.isWhitespace(conninfo.charAt(i))) {
                    char c = conninfo.charAt(i++);
                    if (c == '\\' && i < n) {
                        c = conninfo.charAt(i++);
                    }
                    value.append(c);
                }
            }
            out.put(key, value.toString());
        }
    }
}
