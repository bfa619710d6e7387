package dev.tusk.types;

import dev.tusk.errors.ProgrammingException;
import java.util.List;

/**
 * Dumps a {@code List} or Java array as a PostgreSQL array. The element type comes from the
 * values, so {@link Adapters#dumperFor} binds one of these to each value: binary with the
 * array type's OID when every element's dumper is binary and its type has a known array type
 * ({@code List.of(1, 2)} → {@code int4[]}), else text, with OID 0 when the element type is
 * left to the server ({@code List.of("a")}). Unbound (as {@link Adapters#dumperForClass}
 * gives it), it writes text with OID 0.
 */
final class ArrayDumper implements ContainerDumper {
    /** What the built-ins register for {@code List} and Java arrays; each scope resolves it to its own. */
    static final ArrayDumper REGISTERED = new ArrayDumper(null, null, null);

    private final Adapters.State scope;
    /** The value this dumper is bound to, {@code null} when unbound. */
    private final Object value;
    private final ArrayElements elements;

    private ArrayDumper(Adapters.State scope, Object value, ArrayElements elements) {
        this.scope = scope;
        this.value = value;
        this.elements = elements;
    }

    /** The unbound dumper of a scope, finding element dumpers there. */
    @Override
    public ArrayDumper in(Adapters.State scope) {
        return new ArrayDumper(scope, null, null);
    }

    /** The dumper of one value. */
    @Override
    public ArrayDumper bind(Object v) {
        return new ArrayDumper(scope, v, ArrayElements.of(v, scope));
    }

    /** Never needed: nested lists and arrays are more dimensions, not elements. */
    @Override
    public Dumper<Object> bindAll(List<?> values) {
        throw new ProgrammingException("PostgreSQL has no arrays of arrays, only more dimensions");
    }

    @Override
    public int oid() {
        return elements == null ? Oids.UNSPECIFIED : elements.arrayOid();
    }

    @Override
    public Format format() {
        return elements != null && elements.binary ? Format.BINARY : Format.TEXT;
    }

    @Override
    public void dump(Object v, ByteSink out) {
        ArrayElements e = elementsOf(v);
        if (format() == Format.BINARY) {
            ArrayBinary.write(e, out);
        } else {
            ArrayText.write(e, out);
        }
    }

    /**
     * {@code '{1,2}'::int4[]}; without a cast when the element type is left to the server.
     */
    @Override
    public String quote(Object v) {
        ArrayElements e = elementsOf(v);
        String literal = Literals.quoteString(ArrayText.toString(e));
        String cast = e.castName();
        return cast == null ? literal : literal + "::" + cast;
    }

    private ArrayElements elementsOf(Object v) {
        if (v == value) {
            return elements;
        }
        ArrayElements e = ArrayElements.of(v, scope);
        if (elements != null && (e.arrayOid() != elements.arrayOid() || e.binary != elements.binary)) {
            throw new ProgrammingException("this array dumper was made for another value, of another type; "
                    + "get each value's own with Adapters.dumperFor(value)");
        }
        return e;
    }

    @Override
    public String toString() {
        String name = elements == null ? null : elements.castName();
        return "Dumper[" + (name == null ? "array" : name) + ", " + format() + "]";
    }
}
