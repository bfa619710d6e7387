package dev.tusk.types;

import java.lang.reflect.Modifier;

/**
 * Dumps Java values as composites: records of a class bound to a composite type (with its
 * OID), and loaded {@link Composite}s (in text with OID 0: one dumper serves every composite
 * type, so the server infers which from context). Made in each scope, whose dumpers write the
 * fields. A record goes in binary when every component's class is final and its dumper
 * writes binary with the field's type OID (so that each value's dumper is that one); else in
 * text, which the server reads with each field type's input function.
 */
final class CompositeDumper implements ScopedDumper {
    /** The dumper of {@link Composite} values, in any scope. */
    static final CompositeDumper COMPOSITES = new CompositeDumper(null, null);

    /** The record binding, {@code null} for {@code Composite} values. */
    private final RecordBinding record;
    private final Adapters.State scope;
    /** Decided at first use: it needs the field classes' dumpers, which may be composites too. */
    private volatile Format format;

    private CompositeDumper(RecordBinding record, Adapters.State scope) {
        this.record = record;
        this.scope = scope;
    }

    /** The (scope-less) dumper of records bound to a composite type. */
    static CompositeDumper of(RecordBinding record) {
        return new CompositeDumper(record, null);
    }

    @Override
    public Dumper<Object> in(Adapters.State s) {
        return new CompositeDumper(record, s);
    }

    @Override
    public int oid() {
        return record == null ? Oids.UNSPECIFIED : record.info().oid();
    }

    @Override
    public Format format() {
        Format f = format;
        if (f == null) {
            f = record != null && scope != null && binaryFields() ? Format.BINARY : Format.TEXT;
            format = f;
        }
        return f;
    }

    private boolean binaryFields() {
        TypeInfo info = record.info();
        for (int i = 0; i < info.fields().size(); i++) {
            Class<?> c = record.fieldType(i);
            Dumper<Object> d = Modifier.isFinal(c.getModifiers()) ? scope.dumperOrNull(c) : null;
            // the OID first: a nested record's format is asked for only when it is the field's
            // type, which is never this type itself
            if (d == null || d.oid() != info.fields().get(i).typeOid() || d.format() != Format.BINARY) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void dump(Object value, ByteSink out) {
        if (format() == Format.BINARY) {
            CompositeBinary.write(fields(value), record.info(), scope, out);
        } else {
            CompositeText.write(fields(value), scope, out);
        }
    }

    /** {@code '(1,"a b")'::card}; a {@code Composite} is cast to its own type. */
    @Override
    public String quote(Object value) {
        ByteSink text = new ByteSink(64);
        CompositeText.write(fields(value), scope, text);
        TypeInfo type = record != null ? record.info() : ((Composite) value).type();
        return Literals.quoteString(Bytes.utf8(text.array(), 0, text.size())) + "::" + type.sqlName();
    }

    private Object[] fields(Object value) {
        if (scope == null) {
            throw new IllegalStateException("a composite dumper dumps only as made for a scope");
        }
        return record != null ? record.values(value) : ((Composite) value).toArray();
    }

    @Override
    public String toString() {
        return "Dumper[" + (record == null ? "composite" : record.info().sqlName()) + ", " + format() + "]";
    }
}
