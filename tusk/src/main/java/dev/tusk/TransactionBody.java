package dev.tusk;

/**
 * Work run inside {@link Connection#transaction(TransactionBody)}.
 *
 * @param <T> what the work returns
 * @param <E> the checked exception it may throw
 */
@FunctionalInterface
public interface TransactionBody<T, E extends Exception> {

    /**
     * Does the work.
     *
     * @param tx the open transaction block
     * @return the result
     * @throws E the block rolls back and the exception propagates
     */
    T run(Transaction tx) throws E;
}
