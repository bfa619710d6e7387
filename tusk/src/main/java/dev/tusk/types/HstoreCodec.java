package dev.tusk.types;

import dev.tusk.errors.DataException;
import dev.tusk.errors.ProgrammingException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code hstore} extension's type as {@code Map<String, String>} (values may be
 * {@code null}). Text: {@code "a"=>"1", "b"=>NULL}, keys and values double-quoted with
 * {@code "} and {@code \} backslash-escaped (the server also reads them bare, and a bare
 * {@code NULL} value is NULL). Binary: int4 number of pairs, then per pair int4 key length,
 * the key, int4 value length (-1 for NULL) and the value.
 */
final class HstoreCodec {
    private HstoreCodec() {
    }

    /** Loads the text form as an unmodifiable map, in the server's order. */
    static final Loader<Map<String, String>> TEXT = (b, off, len, ctx) -> new TextReader(b, off, len).read();

    /** Loads the binary form as an unmodifiable map, in the server's order. */
    static final Loader<Map<String, String>> BINARY = (b, off, len, ctx) -> {
        int end = off + len;
        if (len < 4) {
            throw bad("cut short");
        }
        int n = Bytes.getInt(b, off);
        if (n < 0 || n > (len - 4) / 8) {
            throw bad(n + " pairs do not fit in " + len + " bytes");
        }
        Map<String, String> map = new LinkedHashMap<>(n * 4 / 3 + 1);
        int pos = off + 4;
        for (int i = 0; i < n; i++) {
            String key = null;
            String value = null;
            for (int part = 0; part < 2; part++) {
                if (end - pos < 4) {
                    throw bad("pair " + (i + 1) + " cut short");
                }
                int size = Bytes.getInt(b, pos);
                pos += 4;
                if (size == -1 && part == 1) {
                    break;
                }
                if (size < 0 || size > end - pos) {
                    throw bad("pair " + (i + 1) + ": " + size + " bytes do not fit");
                }
                String s = Bytes.utf8(b, pos, size);
                pos += size;
                if (part == 0) {
                    key = s;
                } else {
                    value = s;
                }
            }
            map.put(key, value);
        }
        if (pos != end) {
            throw bad((end - pos) + " bytes left over");
        }
        return Collections.unmodifiableMap(map);
    };

    private static DataException bad(String why) {
        return new DataException("bad hstore binary value: " + why);
    }

    /** Dumps a {@code Map} of strings in binary, declaring the type of {@code info}. */
    static Dumper<Map<?, ?>> dumper(TypeInfo info) {
        return new SimpleDumper<>(info.oid(), Format.BINARY, HstoreCodec::writeBinary,
                m -> Literals.quoteString(text(m)) + "::" + info.sqlName());
    }

    private static void writeBinary(Map<?, ?> map, ByteSink out) {
        out.writeInt(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            writeString(string(e.getKey(), e), out);
            String value = string(e.getValue(), e);
            if (value == null) {
                out.writeInt(-1);
            } else {
                writeString(value, out);
            }
        }
    }

    private static void writeString(String s, ByteSink out) {
        int at = out.reserveInt();
        out.writeUtf8(s);
        out.putInt(at, out.size() - at - 4);
    }

    /** The text form: every key and value quoted. */
    static String text(Map<?, ?> map) {
        ByteSink out = new ByteSink(64);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (out.size() > 0) {
                out.writeByte(',').writeByte(' ');
            }
            byte[] key = string(e.getKey(), e).getBytes(StandardCharsets.UTF_8);
            ContainerText.writeValue(key, key.length, "", true, true, out);
            out.writeByte('=').writeByte('>');
            String value = string(e.getValue(), e);
            if (value == null) {
                out.writeUtf8("NULL");
            } else {
                byte[] v = value.getBytes(StandardCharsets.UTF_8);
                ContainerText.writeValue(v, v.length, "", true, true, out);
            }
        }
        return Bytes.utf8(out.array(), 0, out.size());
    }

    /** A key or value as a string; {@code null} only for a value. */
    private static String string(Object o, Map.Entry<?, ?> entry) {
        if (o == null && entry.getKey() != null) {
            return null;
        }
        if (!(o instanceof String s)) {
            throw new ProgrammingException("cannot dump a Map as hstore: its keys and values must be strings "
                    + "(values may be null), not " + (o == null ? "a null key" : o.getClass().getName())
                    + " in " + entry);
        }
        TextCodecs.checkNoNul(s);
        return s;
    }

    /** Reads the text form ({@code hstore_in}'s syntax). */
    private static final class TextReader {
        private final byte[] b;
        private final int start;
        private final int end;
        private int pos;
        private final ByteSink token = new ByteSink(32);
        private boolean quoted;

        TextReader(byte[] b, int off, int len) {
            this.b = b;
            this.start = off;
            this.pos = off;
            this.end = off + len;
        }

        Map<String, String> read() {
            Map<String, String> map = new LinkedHashMap<>();
            skipSpace();
            while (pos < end) {
                String key = token(true);
                if (!quoted && key.isEmpty()) {
                    throw bad("expected a key");
                }
                skipSpace();
                if (end - pos < 2 || b[pos] != '=' || b[pos + 1] != '>') {
                    throw bad("expected '=>'");
                }
                pos += 2;
                skipSpace();
                String value = token(false);
                if (!quoted && value.isEmpty()) {
                    throw bad("expected a value");
                }
                // the first of duplicate keys wins, as the server keeps one
                map.putIfAbsent(key, !quoted && value.equalsIgnoreCase("NULL") ? null : value);
                skipSpace();
                if (pos < end) {
                    if (b[pos] != ',') {
                        throw bad("expected ','");
                    }
                    pos++;
                    skipSpace();
                }
            }
            return Collections.unmodifiableMap(map);
        }

        /** A quoted or bare string; a bare key ends at {@code =}, any bare one at white space or {@code ,}. */
        private String token(boolean key) {
            token.clear();
            quoted = pos < end && b[pos] == '"';
            if (quoted) {
                pos++;
            }
            while (true) {
                if (pos == end) {
                    if (quoted) {
                        throw bad("unterminated quoted string");
                    }
                    break;
                }
                byte c = b[pos];
                if (quoted ? c == '"' : c == ',' || Bytes.isSpace(c) || key && c == '=') {
                    break;
                }
                pos++;
                if (c == '\\') {
                    if (pos == end) {
                        throw bad("unexpected end of input");
                    }
                    c = b[pos++];
                }
                token.writeByte(c);
            }
            if (quoted) {
                pos++;
            }
            return Bytes.utf8(token.array(), 0, token.size());
        }

        private void skipSpace() {
            while (pos < end && Bytes.isSpace(b[pos])) {
                pos++;
            }
        }

        private DataException bad(String why) {
            return new DataException("malformed hstore literal " + Bytes.excerpt(b, start, end - start) + ": "
                    + why + " (at byte " + (pos - start) + ")");
        }
    }
}
