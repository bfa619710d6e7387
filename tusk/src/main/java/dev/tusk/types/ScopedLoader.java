package dev.tusk.types;

/**
 * A loader made in each scope from that scope's loaders of other types: a composite's from
 * its fields' loaders, a domain's from its base type's. It is registered like any loader;
 * {@link Adapters} hands out what {@link #in} makes of it, so that a loader registered later
 * or in a narrower scope (a connection's {@code hstore}, a cursor's own) is the one its
 * values use.
 */
interface ScopedLoader extends Loader<Object> {

    /** The loader of this type in {@code scope}, reading {@code format}. */
    Loader<?> in(Adapters.State scope, Format format);

    /**
     * Whether values of this type can be loaded in {@code format} in {@code scope}: whether
     * the types it is made from all have loaders for it there.
     */
    boolean loadsIn(Adapters.State scope, Format format);

    /** Never called: scopes hand out what {@link #in} makes. */
    @Override
    default Object load(byte[] buf, int offset, int length, LoadContext ctx) {
        throw new IllegalStateException("a scoped loader loads only as made for a scope");
    }

    /** A domain's loader: its base type's, in each scope. */
    static ScopedLoader domain(int baseOid) {
        return new ScopedLoader() {
            @Override
            public Loader<?> in(Adapters.State scope, Format format) {
                return scope.loaderOrFallback(baseOid, format);
            }

            @Override
            public boolean loadsIn(Adapters.State scope, Format format) {
                return scope.hasLoader(baseOid, format);
            }
        };
    }
}
