package dev.tusk.types;

/**
 * A dumper made in each scope, for a class whose values hold values of other classes (a
 * record dumped as a composite): the scope's dumpers of those decide how they are written.
 * It is registered like any dumper; {@link Adapters} hands out what {@link #in} makes of it.
 */
interface ScopedDumper extends Dumper<Object> {

    /** This dumper finding the dumpers of the values it holds in {@code scope}. */
    Dumper<Object> in(Adapters.State scope);
}
