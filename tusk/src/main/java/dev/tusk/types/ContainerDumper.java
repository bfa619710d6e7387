package dev.tusk.types;

import java.util.List;

/**
 * A dumper of values that hold other values (arrays, ranges, multiranges): what a value holds
 * decides its type OID and format, through the dumpers of one scope. The built-ins register a
 * scope-less instance for the container's classes; each scope resolves it with {@link #in},
 * {@link Adapters#dumperFor} binds the result to each value, and an array binds it to all its
 * elements of that class at once, since they must share one type.
 */
interface ContainerDumper extends Dumper<Object> {

    /**
     * This dumper finding the contents' dumpers in {@code scope}; unbound, it writes text
     * with OID 0.
     */
    ContainerDumper in(Adapters.State scope);

    /** The dumper of one value, whose OID and format are those its contents decide. */
    Dumper<Object> bind(Object value);

    /**
     * One dumper for all of {@code values} (non-null, of the class this dumper is registered
     * for) as elements of one array: their contents together decide the type.
     *
     * @throws dev.tusk.errors.ProgrammingException if their contents do not share a type
     */
    Dumper<Object> bindAll(List<?> values);
}
