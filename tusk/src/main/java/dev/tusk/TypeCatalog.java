package dev.tusk;

import dev.tusk.protocol.BackendMessage.DataRow;
import dev.tusk.protocol.BackendMessage.RowDescription;
import dev.tusk.protocol.DataRows;
import dev.tusk.protocol.ResultHandler;
import dev.tusk.protocol.SimpleQuery;
import dev.tusk.types.Adapters;
import dev.tusk.types.TypeInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One catalog query about types, as a command any connection can run: its rows are read in
 * text, straight from the wire, so that no loader of the connection (which the answer may be
 * about to change) is involved. Sent with the simple protocol, outside any transaction logic:
 * it neither opens a transaction nor needs one.
 */
final class TypeCatalog implements ResultHandler {
    /** The extensions whose types connections register themselves (aiopg's {@code enable_hstore}). */
    private static final String[] EXTENSIONS = {"hstore", "citext"};

    private final List<TypeInfo> found = new ArrayList<>(1);
    /** A row that could not be read; thrown once the query has ended, so the session stays in step. */
    private RuntimeException unreadable;
    final SimpleQuery query;

    private TypeCatalog(String sql) {
        this.query = new SimpleQuery(sql, this);
    }

    /** The query for one type by name. */
    static TypeCatalog fetch(String name, int serverVersion) {
        return new TypeCatalog(TypeInfo.fetchQuery(name, serverVersion));
    }

    /** The query for the extension types a connection registers at connect time. */
    static TypeCatalog extensions(int serverVersion) {
        return new TypeCatalog(TypeInfo.extensionTypesQuery(serverVersion, EXTENSIONS));
    }

    /** The type the query found, or {@code null}. */
    TypeInfo single() {
        throwIfUnreadable();
        return found.isEmpty() ? null : found.get(0);
    }

    /** Registers the extension types found in {@code adapters}. */
    void registerExtensions(Adapters adapters) {
        throwIfUnreadable();
        for (TypeInfo t : found) {
            switch (t.name()) {
                case "hstore" -> adapters.registerHstore(t);
                case "citext" -> adapters.registerCitext(t);
                default -> throw new IllegalStateException("unexpected extension type " + t.name());
            }
        }
    }

    @Override
    public void begin(RowDescription description) {
    }

    @Override
    public void row(DataRow row) {
        byte[] body = row.body();
        int n = DataRows.columnCount(body);
        int[] offsets = new int[n];
        int[] lengths = new int[n];
        DataRows.index(body, offsets, lengths);
        String[] columns = new String[n];
        for (int i = 0; i < n; i++) {
            columns[i] = lengths[i] < 0 ? null : new String(body, offsets[i], lengths[i], StandardCharsets.UTF_8);
        }
        try {
            found.add(TypeInfo.fromCatalogRow(Arrays.asList(columns)));
        } catch (RuntimeException e) {
            unreadable = unreadable != null ? unreadable : e;
        }
    }

    private void throwIfUnreadable() {
        if (unreadable != null) {
            throw unreadable;
        }
    }

    @Override
    public void end(String commandTag) {
    }
}
