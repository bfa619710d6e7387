package dev.tusk.types;

import java.util.function.Function;

/** A text-format dumper built from a to-text function; see {@link Dumper#text}. */
final class TextDumper<T> implements Dumper<T> {
    private final int oid;
    private final Function<? super T, String> toText;

    TextDumper(int oid, Function<? super T, String> toText) {
        this.oid = oid;
        this.toText = toText;
    }

    @Override
    public int oid() {
        return oid;
    }

    @Override
    public Format format() {
        return Format.TEXT;
    }

    @Override
    public void dump(T value, ByteSink out) {
        out.writeUtf8(toText.apply(value));
    }

    @Override
    public String quote(T value) {
        String literal = Literals.quoteString(toText.apply(value));
        String type = oid == 0 ? null : Oids.name(oid);
        return type == null ? literal : literal + "::" + type;
    }
}
