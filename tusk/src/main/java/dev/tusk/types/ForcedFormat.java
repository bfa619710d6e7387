package dev.tusk.types;

import dev.tusk.errors.ProgrammingException;

/**
 * A dumper made to write the format a placeholder asks for ({@code %t} or {@code %b},
 * psycopg 3) when the value's own dumper writes the other one. Text is always possible: it is
 * the text form inside the dumper's literal. Binary is possible for the types whose binary
 * form is their text (the string types, {@code json}, {@code xml}) and for {@code jsonb}
 * (a version byte, then the text); other text-only dumpers raise.
 */
final class ForcedFormat implements Dumper<Object> {
    /** The {@code jsonb} binary format version the server reads. */
    private static final int JSONB_VERSION = 1;

    private final Dumper<Object> dumper;
    private final int oid;
    private final Format format;

    private ForcedFormat(Dumper<Object> dumper, int oid, Format format) {
        this.dumper = dumper;
        this.oid = oid;
        this.format = format;
    }

    static Dumper<Object> of(Dumper<Object> dumper, Format format) {
        if (dumper.format() == format) {
            return dumper;
        }
        if (format == Format.TEXT) {
            return new ForcedFormat(dumper, dumper.oid(), Format.TEXT);
        }
        return switch (dumper.oid()) {
            // An untyped string sent in binary must say it is text: binary has no "unknown".
            case Oids.UNSPECIFIED, Oids.UNKNOWN -> new ForcedFormat(dumper, Oids.TEXT, Format.BINARY);
            case Oids.TEXT, Oids.VARCHAR, Oids.BPCHAR, Oids.NAME, Oids.JSON, Oids.XML, Oids.JSONB ->
                    new ForcedFormat(dumper, dumper.oid(), Format.BINARY);
            default -> throw new ProgrammingException("cannot dump " + dumper + " in binary (%b): its type has no "
                    + "binary form Tusk can write; use %s or %t");
        };
    }

    @Override
    public int oid() {
        return oid;
    }

    @Override
    public Format format() {
        return format;
    }

    @Override
    public void dump(Object value, ByteSink out) {
        if (format == Format.TEXT) {
            out.writeUtf8(Literals.textOf(dumper.quote(value)));
            return;
        }
        if (oid == Oids.JSONB) {
            out.writeByte(JSONB_VERSION);
        }
        dumper.dump(value, out);
    }

    @Override
    public String quote(Object value) {
        return dumper.quote(value);
    }

    @Override
    public String toString() {
        return dumper + " as " + format;
    }
}
