package dev.tusk.types;

import java.util.function.BiConsumer;
import java.util.function.Function;

/** A dumper assembled from a write function and a quote function (for the built-ins). */
final class SimpleDumper<T> implements Dumper<T> {
    private final int oid;
    private final Format format;
    private final BiConsumer<? super T, ByteSink> writer;
    private final Function<? super T, String> quoter;

    SimpleDumper(int oid, Format format, BiConsumer<? super T, ByteSink> writer,
            Function<? super T, String> quoter) {
        this.oid = oid;
        this.format = format;
        this.writer = writer;
        this.quoter = quoter;
    }

    /**
     * A binary dumper for a value class whose {@code toString()} is its PostgreSQL text form:
     * the literal is that text quoted and cast, e.g. {@code '(1,2)'::point}.
     */
    static <T> SimpleDumper<T> binary(int oid, BiConsumer<? super T, ByteSink> writer) {
        String cast = "::" + Oids.name(oid);
        return new SimpleDumper<>(oid, Format.BINARY, writer, v -> Literals.quoteString(v.toString()) + cast);
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
    public void dump(T value, ByteSink out) {
        writer.accept(value, out);
    }

    @Override
    public String quote(T value) {
        return quoter.apply(value);
    }

    @Override
    public String toString() {
        String name = Oids.name(oid);
        return "Dumper[" + (name == null ? String.valueOf(oid) : name) + ", " + format + "]";
    }
}
