package dev.tusk.types;

import java.util.function.Function;

/**
 * The loader of a composite type, made in each scope from the scope's loaders of its fields'
 * types, so that nested composites, arrays, ranges and extension types inside it load as they
 * would in a column. Both formats; binary only where every field type has a binary loader.
 */
final class CompositeLoader implements ScopedLoader {
    private final TypeInfo info;
    /** Makes the Java value from the field values: a {@link Composite}, or a record. */
    private final Function<Object[], Object> make;

    CompositeLoader(TypeInfo info, Function<Object[], Object> make) {
        this.info = info;
        this.make = make;
    }

    @Override
    public Loader<?> in(Adapters.State scope, Format format) {
        Loader<?>[] fields = new Loader<?>[info.fields().size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = scope.loaderOrFallback(info.fields().get(i).typeOid(), format);
        }
        if (format == Format.BINARY) {
            return (b, off, len, ctx) -> make.apply(CompositeBinary.read(b, off, len, info, fields, ctx));
        }
        return (b, off, len, ctx) -> make.apply(CompositeText.read(b, off, len, fields, ctx));
    }

    /** Text always (a field without a loader loads as its text); binary when every field type can. */
    @Override
    public boolean loadsIn(Adapters.State scope, Format format) {
        if (format == Format.TEXT) {
            return true;
        }
        for (TypeInfo.Field f : info.fields()) {
            if (!scope.hasLoader(f.typeOid(), format)) {
                return false;
            }
        }
        return true;
    }
}
