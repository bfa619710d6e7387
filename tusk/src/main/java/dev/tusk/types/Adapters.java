package dev.tusk.types;

import dev.tusk.errors.ProgrammingException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registry of {@link Dumper}s (by Java class) and {@link Loader}s (by type OID and
 * {@link Format}), with psycopg 3's scoping: {@link #global()} holds the built-ins, a
 * connection works with {@code global().copy()}, a cursor with a copy of its connection's.
 * A registration affects its own scope and the scopes copied from it <em>afterwards</em>;
 * never the scope it was copied from, nor copies made before it.
 *
 * <pre>{@code
 * record Point(double x, double y) {
 *     static Point parse(String s) { ... }   // "(1.5,2)"
 * }
 * Adapters adapters = Adapters.global().copy();
 * adapters.register(Point.class, Dumper.text(600, p -> "(" + p.x() + "," + p.y() + ")"));
 * adapters.registerLoader(600, Loader.text(Point::parse));
 * }</pre>
 *
 * <h2>Built-in mappings</h2>
 * Loaders (both formats): {@code bool}→{@link Boolean}; {@code int2}→{@link Short};
 * {@code int4}→{@link Integer}; {@code int8}→{@link Long}; {@code oid}, {@code xid},
 * {@code cid}, {@code xid8} and the {@code reg*} types→{@link Long} (unsigned; in text, a
 * {@code reg*} value the server prints as a name, e.g. {@code pg_class}, loads as that
 * {@link String}); {@code float4}→{@link Float}; {@code float8}→{@link Double};
 * {@code numeric}→{@link java.math.BigDecimal} with the value's display scale;
 * {@code text}, {@code varchar}, {@code bpchar}, {@code name}, {@code "char"},
 * {@code unknown}→{@link String}; {@code bytea}→{@code byte[]}; {@code date}→
 * {@link java.time.LocalDate}; {@code time}→{@link java.time.LocalTime}; {@code timetz}→
 * {@link java.time.OffsetTime}; {@code timestamp}→{@link java.time.LocalDateTime};
 * {@code timestamptz}→{@link java.time.OffsetDateTime}; {@code interval}→{@link Interval};
 * {@code uuid}→{@link java.util.UUID}; {@code json}, {@code jsonb}→{@link Json}.
 * Text assumes {@code client_encoding=UTF8} and {@code DateStyle=ISO}; intervals are read in
 * any {@code IntervalStyle}.
 *
 * <p>Special values:
 * <ul>
 * <li>{@code numeric} {@code NaN}, {@code Infinity}, {@code -Infinity} load as
 *     {@link Double#NaN}, {@link Double#POSITIVE_INFINITY}, {@link Double#NEGATIVE_INFINITY}
 *     (a {@code BigDecimal} cannot hold them); such doubles dump as {@code float8}.</li>
 * <li>{@code date}, {@code timestamp}, {@code timestamptz} {@code infinity}/{@code -infinity}
 *     load as {@code LocalDate.MAX}/{@code MIN}, {@code LocalDateTime.MAX}/{@code MIN},
 *     {@code OffsetDateTime.MAX}/{@code MIN}, and those constants (and {@code Instant.MAX}/
 *     {@code MIN}) dump as {@code infinity}/{@code -infinity}. Interval infinities
 *     (PostgreSQL 17) are {@link Interval#POSITIVE_INFINITY}/{@link Interval#NEGATIVE_INFINITY}.</li>
 * <li>{@code time} {@code 24:00:00} loads as {@code LocalTime.MAX} (which dumps back as
 *     {@code 24:00:00} after rounding to microseconds).</li>
 * <li>{@code void} loads as {@code null}.</li>
 * <li>BC dates use ISO proleptic years: {@code 0044-03-15 BC} is year {@code -43}.</li>
 * <li>Java's nanoseconds are rounded to PostgreSQL's microseconds to the nearest, ties to
 *     even (as the server's {@code rint()} does for text input).</li>
 * <li>A type OID without a loader loads as its text ({@link String}) in text format and as a
 *     copy of its bytes ({@code byte[]}) in binary format.</li>
 * </ul>
 * Dumpers: {@link Boolean}, {@link Short}, {@link Integer}, {@link Long}, {@link Float},
 * {@link Double}, {@link java.math.BigDecimal}, {@link java.math.BigInteger}, {@code byte[]},
 * the {@code java.time} types, {@link Interval}, {@link java.time.Duration},
 * {@link java.time.Period}, {@link java.util.UUID} dump in binary with their type's OID;
 * {@link Json} and {@link Jsonb} in text as {@code json} and {@code jsonb}; {@link String},
 * {@link Character} and any {@link Enum} (its {@code name()}) in text with OID 0 so that the
 * server infers the type from context. Values PostgreSQL cannot hold (dates past year
 * 5874897, text with NUL, ...) raise {@link dev.tusk.errors.DataException}.
 *
 * <p>Thread-safe: lookups read an immutable snapshot; registrations swap in a new one.
 */
public final class Adapters {

    static final Loader<String> TEXT_STRING = (buf, off, len, ctx) -> Bytes.utf8(buf, off, len);
    static final Loader<byte[]> RAW_BYTES = (buf, off, len, ctx) ->
            java.util.Arrays.copyOfRange(buf, off, off + len);

    private static final Adapters GLOBAL = new Adapters(BuiltinTypes.registerAll(State.EMPTY));

    private volatile State state;

    private Adapters(State state) {
        this.state = state;
    }

    /**
     * The process-wide registry, holding the built-in adapters. Registrations here affect
     * every connection created afterwards.
     *
     * @return the global registry
     */
    public static Adapters global() {
        return GLOBAL;
    }

    /**
     * A new scope starting from this registry's current registrations. Registrations on the
     * copy do not affect this registry, nor do later registrations here affect the copy.
     * Cheap: the registrations (and the lookup cache) are shared until either side changes.
     *
     * @return the child registry
     */
    public Adapters copy() {
        return new Adapters(state);
    }

    /**
     * Registers the dumper for values of {@code type} and its subtypes (unless a subtype has
     * its own). Replaces an earlier registration for the same class.
     *
     * <pre>{@code
     * adapters.register(Point.class, Dumper.text(600, p -> "(" + p.x() + "," + p.y() + ")"));
     * }</pre>
     *
     * @param type   the class or interface
     * @param dumper its dumper
     * @param <T>    the type
     */
    public <T> void register(Class<T> type, Dumper<? super T> dumper) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dumper, "dumper");
        synchronized (this) {
            state = state.withDumper(type, dumper);
        }
    }

    /**
     * Registers the loader for values of type {@code oid} received in {@code format}.
     * Registering a binary loader makes {@link #hasBinaryLoader} true for the OID, so that
     * results of that type are requested in binary. Registering a <em>text</em> loader
     * removes the type's binary loader from this scope, so that the new loader is the one
     * used (e.g. to load {@code numeric} as {@code Double}); to have both, register the text
     * loader first and the binary one after it.
     *
     * <pre>{@code
     * adapters.registerLoader(Oids.NUMERIC, Loader.text(Double::valueOf));
     * adapters.hasBinaryLoader(Oids.NUMERIC);   // false: numeric columns now come as text
     * }</pre>
     *
     * @param oid    the type OID
     * @param format the format the loader reads
     * @param loader the loader
     */
    public void registerLoader(int oid, Format format, Loader<?> loader) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(loader, "loader");
        synchronized (this) {
            state = state.withLoader(oid, format, loader);
        }
    }

    /**
     * Registers a text-format loader for type {@code oid} (psycopg 2's
     * {@code new_type} + {@code register_type}); as {@code registerLoader(oid, TEXT, loader)},
     * it replaces any binary loader of the type in this scope.
     *
     * <pre>{@code
     * adapters.registerLoader(600, Loader.text(Point::parse));
     * }</pre>
     *
     * @param oid    the type OID
     * @param loader the loader of the text form
     */
    public void registerLoader(int oid, Loader<?> loader) {
        registerLoader(oid, Format.TEXT, loader);
    }

    /**
     * The dumper for a parameter value: the one registered for its class, else for the
     * nearest superclass, else for an interface it implements (breadth first). The result
     * is cached per class.
     *
     * @param value the value, not {@code null}
     * @return its dumper
     * @throws ProgrammingException if no dumper fits the value's class
     */
    public Dumper<Object> dumperFor(Object value) {
        return dumperForClass(value.getClass());
    }

    /**
     * The dumper for values of a class, looked up as by {@link #dumperFor}.
     *
     * @param type the value's class
     * @return its dumper
     * @throws ProgrammingException if no dumper fits the class
     */
    public Dumper<Object> dumperForClass(Class<?> type) {
        State s = state;
        Dumper<Object> d = s.cache.get(type);
        if (d == null) {
            d = s.resolve(type);
            if (d == null) {
                throw new ProgrammingException("cannot adapt type '" + type.getName()
                        + "': no dumper is registered for it or any of its supertypes");
            }
            s.cache.putIfAbsent(type, d);
        }
        return d;
    }

    /**
     * The loader for values of type {@code oid} in {@code format}. Never {@code null}: a type
     * without a registered loader loads as its text ({@link String}) in text format and as a
     * copy of its bytes ({@code byte[]}) in binary.
     *
     * @param oid    the type OID
     * @param format the format of the values
     * @return the loader
     */
    public Loader<?> loader(int oid, Format format) {
        State s = state;
        if (format == Format.BINARY) {
            Loader<?> l = s.binary.get(oid);
            return l != null ? l : RAW_BYTES;
        }
        Loader<?> l = s.text.get(oid);
        return l != null ? l : TEXT_STRING;
    }

    /**
     * Whether a binary loader is registered for the type, i.e. whether results of that type
     * should be requested in binary format.
     *
     * @param oid the type OID
     * @return true if {@code loader(oid, BINARY)} is a registered loader
     */
    public boolean hasBinaryLoader(int oid) {
        return state.binary.containsKey(oid);
    }

    /**
     * Whether a loader is registered for the type in the format (as opposed to the fallback).
     *
     * @param oid    the type OID
     * @param format the format
     * @return true if registered
     */
    public boolean hasLoader(int oid, Format format) {
        State s = state;
        return (format == Format.BINARY ? s.binary : s.text).containsKey(oid);
    }

    /** One immutable generation of registrations, plus the dumper lookup cache derived from it. */
    static final class State {
        static final State EMPTY = new State(Map.of(), IntMap.empty(), IntMap.empty());

        final Map<Class<?>, Dumper<?>> dumpers;
        final IntMap<Loader<?>> text;
        final IntMap<Loader<?>> binary;
        final ConcurrentHashMap<Class<?>, Dumper<Object>> cache = new ConcurrentHashMap<>();

        State(Map<Class<?>, Dumper<?>> dumpers, IntMap<Loader<?>> text, IntMap<Loader<?>> binary) {
            this.dumpers = dumpers;
            this.text = text;
            this.binary = binary;
        }

        State withDumper(Class<?> type, Dumper<?> dumper) {
            Map<Class<?>, Dumper<?>> m = new HashMap<>(dumpers);
            m.put(type, dumper);
            return new State(m, text, binary);
        }

        State withLoader(int oid, Format format, Loader<?> loader) {
            return format == Format.BINARY
                    ? new State(dumpers, text, binary.with(oid, loader))
                    : new State(dumpers, text.with(oid, loader), binary.without(oid));
        }

        @SuppressWarnings("unchecked")
        Dumper<Object> resolve(Class<?> type) {
            // 1. the class and its superclasses, nearest first (Object last)
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                Dumper<?> d = dumpers.get(c);
                if (d != null) {
                    return (Dumper<Object>) d;
                }
            }
            // 2. interfaces, breadth first: those of the class, then of its superclasses
            Deque<Class<?>> queue = new ArrayDeque<>();
            Set<Class<?>> seen = new HashSet<>();
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    queue.add(i);
                }
            }
            while (!queue.isEmpty()) {
                Class<?> i = queue.poll();
                if (!seen.add(i)) {
                    continue;
                }
                Dumper<?> d = dumpers.get(i);
                if (d != null) {
                    return (Dumper<Object>) d;
                }
                for (Class<?> j : i.getInterfaces()) {
                    queue.add(j);
                }
            }
            // 3. Object, if someone registered a catch-all
            return (Dumper<Object>) dumpers.get(Object.class);
        }
    }
}
