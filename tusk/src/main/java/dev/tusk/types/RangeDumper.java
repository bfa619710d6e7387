package dev.tusk.types;

import dev.tusk.errors.ProgrammingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Dumps {@link Range}s (or, made with {@link #MULTIRANGE}, {@link Multirange}s). The bounds
 * decide the type: their dumpers must all declare the subtype's OID, integers and floats
 * widening as in arrays ({@code Range.closed(1, 5L)} is an {@code int8range}); the range type
 * is the one the scope knows for that subtype. A value goes in binary with the range (or
 * multirange) type's OID when its bounds' dumpers are binary, else in text; with OID 0 when
 * no range type is known, or it has no bound to tell ({@code Range.empty()}, {@code {}}), so
 * that the server infers the type from context.
 */
final class RangeDumper implements ContainerDumper {
    /** What the built-ins register for {@code Range}; each scope resolves it to its own. */
    static final RangeDumper RANGE = new RangeDumper(null, false, 0, 0, false);
    /** What the built-ins register for {@code Multirange}. */
    static final RangeDumper MULTIRANGE = new RangeDumper(null, true, 0, 0, false);

    private final Adapters.State scope;
    private final boolean multi;
    /** The bounds' type; 0 when unknown. */
    private final int subtype;
    /** The range or multirange type; 0 when unknown. */
    private final int oid;
    private final boolean binary;

    private RangeDumper(Adapters.State scope, boolean multi, int subtype, int oid, boolean binary) {
        this.scope = scope;
        this.multi = multi;
        this.subtype = subtype;
        this.oid = oid;
        this.binary = binary;
    }

    @Override
    public RangeDumper in(Adapters.State scope) {
        return new RangeDumper(scope, multi, 0, 0, false);
    }

    @Override
    public RangeDumper bind(Object value) {
        return bindAll(List.of(value));
    }

    @Override
    public RangeDumper bindAll(List<?> values) {
        List<Object> bounds = new ArrayList<>();
        for (Object v : values) {
            for (Range<?> r : multi ? (Multirange<?>) v : List.of((Range<?>) v)) {
                bounds.add(r.lower());
                bounds.add(r.upper());
            }
        }
        PgArray array = PgArray.wrap(bounds.toArray(), new int[] {bounds.size()}, new int[] {1});
        ArrayElements e = ArrayElements.of(array, scope, multi ? "a multirange whose bounds" : "a range whose bounds",
                "a range's bounds are values of its subtype");
        RangeTypes.RangeType type = e.elementOid == Oids.UNSPECIFIED ? null : scope.rangeTypes.ofSubtype(e.elementOid);
        int typeOid = type == null ? Oids.UNSPECIFIED : multi ? type.multirangeOid() : type.rangeOid();
        boolean bin = typeOid != Oids.UNSPECIFIED;
        for (int i = 0, n = e.array.count(); i < n && bin; i++) {
            Object v = e.array.value(i);
            bin = v == null || e.dumper(v).format() == Format.BINARY;
        }
        return new RangeDumper(scope, multi, e.elementOid, typeOid, bin);
    }

    @Override
    public int oid() {
        return oid;
    }

    @Override
    public Format format() {
        return binary ? Format.BINARY : Format.TEXT;
    }

    @Override
    public void dump(Object v, ByteSink out) {
        if (binary) {
            RangeBinary.write(v, this::binaryBound, out);
        } else {
            RangeText.write(v, this::textBound, out);
        }
    }

    /** {@code '[1,5)'::int4range}; without a cast when the type is left to the server. */
    @Override
    public String quote(Object v) {
        String literal = Literals.quoteString(RangeText.toString(v, this::textBound));
        int type = bind(v).oid;
        String cast = type == Oids.UNSPECIFIED ? null : Oids.name(type);
        return cast == null ? literal : literal + "::" + cast;
    }

    private void binaryBound(Object bound, ByteSink out) {
        Object v = ArrayElements.widenTo(bound, subtype, scope);
        Dumper<Object> d = scope.dumperFor(v);
        if (d.oid() != subtype || d.format() != Format.BINARY) {
            throw new ProgrammingException("this range dumper was made for other values, of another type; "
                    + "get each value's own with Adapters.dumperFor(value)");
        }
        d.dump(v, out);
    }

    private void textBound(Object bound, ByteSink out) {
        Literals.writeText(scope.dumperFor(bound), bound, out);
    }

    @Override
    public String toString() {
        String name = oid == Oids.UNSPECIFIED ? null : Oids.name(oid);
        return "Dumper[" + (name != null ? name : multi ? "multirange" : "range") + ", " + format() + "]";
    }
}
