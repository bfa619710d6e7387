package dev.tusk.types;

/**
 * An immutable open-addressing map from {@code int} keys to values, for
 * loaders by type OID. Lookups neither box nor allocate; {@link #with} returns a modified
 * copy (registrations are rare, lookups happen for every column of every result).
 */
final class IntMap<V> {
    private static final IntMap<Object> EMPTY = new IntMap<>(new int[8], new Object[8], 0);

    private final int[] keys;
    private final Object[] values; // null marks a free slot
    private final int size;

    private IntMap(int[] keys, Object[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <V> IntMap<V> empty() {
        return (IntMap<V>) EMPTY;
    }

    private static int slot(int key, int mask) {
        int h = key * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    @SuppressWarnings("unchecked")
    V get(int key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) v;
            }
        }
    }

    boolean containsKey(int key) {
        return get(key) != null;
    }

    /** A copy with {@code key} mapped to {@code value} (non-null). */
    IntMap<V> with(int key, V value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        int cap = keys.length;
        boolean present = containsKey(key);
        int newSize = present ? size : size + 1;
        while (newSize * 2 > cap) {
            cap *= 2;
        }
        int[] k2;
        Object[] v2;
        if (cap == keys.length) {
            k2 = keys.clone();
            v2 = values.clone();
        } else {
            k2 = new int[cap];
            v2 = new Object[cap];
            for (int i = 0; i < keys.length; i++) {
                if (values[i] != null) {
                    put(k2, v2, keys[i], values[i]);
                }
            }
        }
        put(k2, v2, key, value);
        return new IntMap<>(k2, v2, newSize);
    }

    /** A copy without {@code key} (this map if it has no such key). */
    IntMap<V> without(int key) {
        if (!containsKey(key)) {
            return this;
        }
        int[] k2 = new int[keys.length];
        Object[] v2 = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null && keys[i] != key) {
                put(k2, v2, keys[i], values[i]);
            }
        }
        return new IntMap<>(k2, v2, size - 1);
    }

    private static void put(int[] k, Object[] v, int key, Object value) {
        int mask = k.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (v[i] == null || k[i] == key) {
                k[i] = key;
                v[i] = value;
                return;
            }
        }
    }

    int size() {
        return size;
    }

    @Override
    public String toString() {
        return "IntMap[size=" + size + "]";
    }
}
