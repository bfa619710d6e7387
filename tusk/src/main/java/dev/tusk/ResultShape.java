package dev.tusk;

import dev.tusk.errors.ProgrammingException;
import dev.tusk.protocol.BackendMessage.Field;
import dev.tusk.protocol.BackendMessage.RowDescription;
import dev.tusk.types.Adapters;
import dev.tusk.types.Format;
import dev.tusk.types.LoadContext;
import dev.tusk.types.Loader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every row of one result shares: its columns and the loader of each. Built once per
 * result, so that decoding a row is a loop over loaders.
 */
final class ResultShape {
    final List<Column> columns;
    final Loader<?>[] loaders;
    final LoadContext context;
    private final RowDescription description;
    private final Object generation;
    private Map<String, Integer> byName;

    ResultShape(RowDescription description, Adapters adapters, LoadContext context) {
        this.description = description;
        this.generation = adapters.generation();
        Field[] fields = description.fields();
        List<Column> cols = new ArrayList<>(fields.length);
        loaders = new Loader<?>[fields.length];
        for (int i = 0; i < fields.length; i++) {
            cols.add(Column.of(fields[i]));
            loaders[i] = adapters.loader(fields[i].typeOid(), Format.ofCode(fields[i].format()));
        }
        this.columns = Collections.unmodifiableList(cols);
        this.context = context;
    }

    /** Whether this shape is the one {@code new ResultShape(description, adapters, context)} would build. */
    boolean fits(RowDescription description, Adapters adapters, LoadContext context) {
        return this.description == description && this.context == context && generation == adapters.generation();
    }

    int indexOf(String name) {
        Map<String, Integer> m = byName;
        if (m == null) {
            m = new HashMap<>();
            for (int i = columns.size() - 1; i >= 0; i--) {
                m.put(columns.get(i).name(), i);
            }
            byName = m;
        }
        Integer i = m.get(name);
        if (i == null) {
            throw new ProgrammingException("no column named \"" + name + "\"; columns are "
                    + columns.stream().map(Column::name).toList());
        }
        return i;
    }

    String describe(int index) {
        return "\"" + columns.get(index).name() + "\"";
    }
}
