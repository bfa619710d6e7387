package dev.tusk;

import dev.tusk.protocol.BackendMessage.RowDescription;
import dev.tusk.types.Adapters;
import dev.tusk.types.LoadContext;
import java.util.ArrayList;

/** One statement's result as received: its description, its row bodies and its command tag. */
final class Result {
    final RowDescription description;
    final ArrayList<byte[]> rows;
    String tag;
    private ResultShape shape;

    Result(RowDescription description) {
        this.description = description;
        this.rows = description == null ? new ArrayList<>(0) : new ArrayList<>();
    }

    /**
     * The shape of this result's rows; {@code previous}, the shape of an earlier result, when
     * it fits: a prepared statement's results share one description.
     */
    ResultShape shape(Adapters adapters, LoadContext context, ResultShape previous) {
        if (shape == null && description != null) {
            shape = previous != null && previous.fits(description, adapters, context)
                    ? previous : new ResultShape(description, adapters, context);
        }
        return shape;
    }

    /** Rows affected or returned, from the command tag; -1 when the command does not say. */
    long rowCount() {
        return rowCount(tag);
    }

    /** Rows affected or returned according to a command tag; -1 when it does not say. */
    static long rowCount(String tag) {
        if (tag == null) {
            return -1;
        }
        int sp = tag.lastIndexOf(' ');
        if (sp < 0) {
            return -1;
        }
        String verb = tag.substring(0, tag.indexOf(' '));
        switch (verb) {
            case "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "COPY", "FETCH", "MOVE" -> {
                try {
                    return Long.parseLong(tag.substring(sp + 1));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            default -> {
                return -1;
            }
        }
    }

    /** The OID of a single inserted row ({@code INSERT oid 1}), else {@code null}. */
    Long lastRowId() {
        if (tag == null || !tag.startsWith("INSERT ")) {
            return null;
        }
        String[] parts = tag.split(" ");
        if (parts.length != 3 || !parts[2].equals("1")) {
            return null;
        }
        long oid = Long.parseLong(parts[1]);
        return oid == 0 ? null : oid;
    }
}
