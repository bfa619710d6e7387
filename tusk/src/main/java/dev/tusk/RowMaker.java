package dev.tusk;

/**
 * Makes one object of a result row; built by a {@link RowFactory} once per result.
 *
 * @param <R> the row type
 */
@FunctionalInterface
public interface RowMaker<R> {

    /**
     * Makes the object for a row.
     *
     * @param row the row, decoded lazily
     * @return the object
     */
    R make(Row row);
}
