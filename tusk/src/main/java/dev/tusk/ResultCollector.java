package dev.tusk;

import dev.tusk.protocol.BackendMessage.DataRow;
import dev.tusk.protocol.BackendMessage.RowDescription;
import dev.tusk.protocol.ResultHandler;
import java.util.ArrayList;
import java.util.List;

/** Gathers every result of a command in memory (client-side cursors, as in psycopg). */
final class ResultCollector implements ResultHandler {
    final List<Result> results = new ArrayList<>(1);
    private Result current;

    @Override
    public void begin(RowDescription description) {
        current = new Result(description);
    }

    @Override
    public void row(DataRow row) {
        current.rows.add(row.body());
    }

    @Override
    public void end(String commandTag) {
        Result r = current != null ? current : new Result(null);
        r.tag = commandTag;
        results.add(r);
        current = null;
    }
}
