package dev.tusk;

import java.util.List;

/**
 * Decides what a cursor's rows are (psycopg 3's {@code row_factory}). Called once per result
 * with its columns, so per-result work (name lookups, constructor resolution) is done once.
 * See {@link RowFactories} for tuples, maps and records.
 *
 * <pre>{@code
 * RowFactory<String> firstAsText = columns -> row -> String.valueOf(row.get(0));
 * }</pre>
 *
 * @param <R> the row type
 */
@FunctionalInterface
public interface RowFactory<R> {

    /**
     * Prepares a maker for a result with these columns.
     *
     * @param columns the result's columns
     * @return the maker
     */
    RowMaker<R> forColumns(List<Column> columns);
}
