package dev.tusk.protocol;

import dev.tusk.protocol.BackendMessage.DataRow;
import dev.tusk.protocol.BackendMessage.RowDescription;

/**
 * Receives the results of a query as they arrive: for each statement, optionally a row
 * description and rows, then its end. A query string with several statements (simple
 * protocol) produces several results in order.
 */
public interface ResultHandler {

    /**
     * A statement that returns rows starts; its rows follow.
     *
     * @param description the columns, with the formats the values arrive in
     */
    void begin(RowDescription description);

    /**
     * One row of the current result.
     *
     * @param row the row
     */
    void row(DataRow row);

    /**
     * A statement finished.
     *
     * @param commandTag the command tag ({@code SELECT 3}, {@code INSERT 0 1}), or
     *                   {@code null} for an empty query string
     */
    void end(String commandTag);

    /**
     * A {@linkplain ExtendedQuery#streamed streamed} statement delivered its batch and waits
     * to be asked for more.
     */
    default void suspended() {
    }

    /** A handler that ignores results. */
    ResultHandler DISCARD = new ResultHandler() {
        @Override
        public void begin(RowDescription description) {
        }

        @Override
        public void row(DataRow row) {
        }

        @Override
        public void end(String commandTag) {
        }
    };
}
