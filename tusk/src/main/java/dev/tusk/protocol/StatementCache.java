package dev.tusk.protocol;

import dev.tusk.protocol.BackendMessage.RowDescription;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The per-connection prepared statement cache (psycopg's {@code prepare_threshold} and
 * {@code prepared_max}). A query is sent as the unnamed statement until it has been used
 * {@code threshold} times; then it is prepared under a name and later executions skip the
 * Parse. Least recently used statements beyond {@code maxPrepared} are closed.
 */
public final class StatementCache {
    /** psycopg's default: prepare a query on its sixth execution. */
    public static final int DEFAULT_THRESHOLD = 5;
    /** psycopg's default bound on prepared statements per connection. */
    public static final int DEFAULT_MAX_PREPARED = 100;

    private final int threshold;
    private final int maxPrepared;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final List<String> pendingCloses = new ArrayList<>();
    private int prepared;
    private int nextName;

    /**
     * Creates a cache.
     *
     * @param threshold   uses before a query is prepared: 0 prepares at once, negative never
     * @param maxPrepared how many prepared statements to keep at most
     */
    public StatementCache(int threshold, int maxPrepared) {
        this.threshold = threshold;
        this.maxPrepared = Math.max(1, maxPrepared);
    }

    /** A cached query: its uses, its server-side name once prepared, and its columns once described. */
    static final class Entry {
        final Key key;
        int uses;
        String name;
        boolean parsed;
        RowDescription description;
        boolean describedNoData;
        /**
         * {@link #description} with the result formats last asked for, and those formats: the
         * same for every execution unless the loaders change, so built once, not per execution.
         */
        RowDescription formatted;
        short[] formats;

        Entry(Key key) {
            this.key = key;
        }

        boolean described() {
            return description != null || describedNoData;
        }
    }

    record Key(String sql, int[] oids) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && sql.equals(k.sql) && Arrays.equals(oids, k.oids);
        }

        @Override
        public int hashCode() {
            return sql.hashCode() * 31 + Arrays.hashCode(oids);
        }
    }

    /**
     * Records a use of a query and returns its entry when it is (or now becomes) a named
     * statement, or {@code null} when it should go as the unnamed statement.
     */
    Entry use(String sql, int[] oids) {
        if (threshold < 0) {
            return null;
        }
        Key key = new Key(sql, oids);
        Entry e = entries.get(key);
        if (e == null) {
            e = new Entry(key);
            entries.put(key, e);
            trimUnprepared();
        }
        if (e.name == null) {
            if (e.uses++ < threshold) {
                return null;
            }
            if (prepared >= maxPrepared) {
                evictOne();
            }
            e.name = "_tusk_" + (nextName++);
            prepared++;
        }
        return e;
    }

    /** Keeps the counters of never-prepared queries from growing without bound. */
    private void trimUnprepared() {
        if (entries.size() <= maxPrepared * 4) {
            return;
        }
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext() && entries.size() > maxPrepared * 2) {
            if (it.next().name == null) {
                it.remove();
            }
        }
    }

    private void evictOne() {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.name != null) {
                it.remove();
                prepared--;
                pendingCloses.add(e.name);
                return;
            }
        }
    }

    /** Forgets an entry whose statement failed to prepare or went stale on the server. */
    void invalidate(Entry e, boolean existsOnServer) {
        if (entries.get(e.key) == e) {
            entries.remove(e.key);
            if (e.name != null) {
                prepared--;
                if (existsOnServer) {
                    pendingCloses.add(e.name);
                }
            }
        }
    }

    /** Statement names to close with the next extended query; the list is emptied. */
    List<String> takePendingCloses() {
        if (pendingCloses.isEmpty()) {
            return List.of();
        }
        List<String> names = List.copyOf(pendingCloses);
        pendingCloses.clear();
        return names;
    }

    /**
     * Puts back statement names whose {@code Close} the server never ran (the command that
     * carried it was skipped in a failed pipeline group): the next extended query closes them.
     */
    void closeLater(List<String> names) {
        pendingCloses.addAll(names);
    }

    /** Notices commands that drop every prepared statement behind our back. */
    void noteCommand(String tag) {
        if ("DISCARD ALL".equals(tag) || "DEALLOCATE ALL".equals(tag)) {
            entries.clear();
            pendingCloses.clear();
            prepared = 0;
        }
    }

    /**
     * How many statements are prepared on the server now.
     *
     * @return the count
     */
    public int preparedCount() {
        return prepared;
    }

}
