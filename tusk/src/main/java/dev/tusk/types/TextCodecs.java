package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.util.UUID;

/** Strings, {@code "char"}, enums, {@code json}/{@code jsonb}, {@code uuid} and {@code void}. */
final class TextCodecs {
    private TextCodecs() {
    }

    /** text, varchar, bpchar, name, unknown: the same bytes in both formats (UTF-8 assumed). */
    static final Loader<String> STRING = Adapters.TEXT_STRING;

    /** {@code "char"} binary is the raw byte. */
    static final Loader<String> CHAR_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 1, "\"char\"");
        return String.valueOf((char) (b[off] & 0xFF));
    };

    static void checkNoNul(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new DataException("PostgreSQL text fields cannot contain NUL (0x00) characters");
        }
    }

    static final Dumper<String> STRING_DUMPER = new SimpleDumper<>(Oids.UNSPECIFIED, Format.TEXT,
            (v, out) -> {
                checkNoNul(v);
                out.writeUtf8(v);
            }, Literals::quoteString);

    static final Dumper<Character> CHARACTER_DUMPER = new SimpleDumper<>(Oids.UNSPECIFIED, Format.TEXT,
            (v, out) -> STRING_DUMPER.dump(v.toString(), out), v -> Literals.quoteString(v.toString()));

    static final Dumper<Enum<?>> ENUM_DUMPER = new SimpleDumper<>(Oids.UNSPECIFIED, Format.TEXT,
            (v, out) -> out.writeUtf8(v.name()), v -> Literals.quoteString(v.name()));

    // ---- json ----

    static final Loader<Json> JSON = (b, off, len, ctx) -> new Json(Bytes.utf8(b, off, len));

    /** jsonb binary: a version byte (1) then the text. */
    static final Loader<Json> JSONB_BINARY = (b, off, len, ctx) -> {
        if (len < 1 || b[off] != 1) {
            throw new DataException("bad jsonb binary value: unsupported version "
                    + (len < 1 ? "(empty)" : String.valueOf(b[off])));
        }
        return new Json(Bytes.utf8(b, off + 1, len - 1));
    };

    static final Dumper<Json> JSON_DUMPER = new SimpleDumper<>(Oids.JSON, Format.TEXT,
            (v, out) -> {
                checkNoNul(v.text());
                out.writeUtf8(v.text());
            }, v -> Literals.quoteString(v.text()) + "::json");

    static final Dumper<Jsonb> JSONB_DUMPER = new SimpleDumper<>(Oids.JSONB, Format.TEXT,
            (v, out) -> {
                checkNoNul(v.text());
                out.writeUtf8(v.text());
            }, v -> Literals.quoteString(v.text()) + "::jsonb");

    // ---- uuid ----

    static final Loader<UUID> UUID_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 16, "uuid");
        return new UUID(Bytes.getLong(b, off), Bytes.getLong(b, off + 8));
    };

    /** Canonical {@code 8-4-4-4-12} hex, also braces or missing hyphens as the server accepts. */
    static final Loader<UUID> UUID_TEXT = (b, off, len, ctx) -> {
        long hi = 0;
        long lo = 0;
        int n = 0;
        int end = off + len;
        int i = off;
        boolean brace = i < end && b[i] == '{';
        if (brace) {
            i++;
            end--;
            if (end < i || b[end] != '}') {
                throw Bytes.bad("uuid", b, off, len);
            }
        }
        for (; i < end; i++) {
            int c = b[i];
            if (c == '-' && n > 0 && n % 4 == 0 && i + 1 < end && b[i + 1] != '-') {
                continue;
            }
            int d = Bytes.hexDigit(c);
            if (d < 0 || n == 32) {
                throw Bytes.bad("uuid", b, off, len);
            }
            if (n < 16) {
                hi = hi << 4 | d;
            } else {
                lo = lo << 4 | d;
            }
            n++;
        }
        if (n != 32) {
            throw Bytes.bad("uuid", b, off, len);
        }
        return new UUID(hi, lo);
    };

    static final Dumper<UUID> UUID_DUMPER = new SimpleDumper<>(Oids.UUID, Format.BINARY,
            (v, out) -> out.writeLong(v.getMostSignificantBits()).writeLong(v.getLeastSignificantBits()),
            v -> "'" + v + "'::uuid");

    // ---- void ----

    /** {@code void} (e.g. {@code SELECT pg_sleep(0)}) loads as {@code null}. */
    static final Loader<Object> VOID = (b, off, len, ctx) -> null;
}
