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
 * {@code uuid}→{@link java.util.UUID}; {@code json}, {@code jsonb}→{@link Json};
 * {@code int4range}, {@code int8range}, {@code numrange}, {@code tsrange}, {@code tstzrange},
 * {@code daterange}→{@link Range} and their multiranges→{@link Multirange} (see Ranges below).
 * Text assumes {@code client_encoding=UTF8} and {@code DateStyle=ISO}; intervals are read in
 * any {@code IntervalStyle}.
 *
 * <p>More scalars, loaded in both formats and dumped in binary with their type's OID unless
 * said: {@code inet}→{@link Inet} and {@code cidr}→{@link Cidr} (a {@link java.net.InetAddress}
 * dumps as {@code inet} of its full length); {@code macaddr}→{@link MacAddress},
 * {@code macaddr8}→{@link MacAddress8}; {@code bit}, {@code varbit}→{@link BitString} (dumps
 * as {@code varbit}); {@code money}→{@link java.math.BigDecimal} (dump {@link Money}, in
 * text; assumes a {@code lc_monetary} with two fraction digits and a {@code .} decimal point,
 * e.g. {@code C} or {@code en_US}); {@code pg_lsn}→{@link Lsn}; {@code point}→{@link PgPoint},
 * {@code line}→{@link PgLine}, {@code lseg}→{@link PgLseg}, {@code box}→{@link PgBox},
 * {@code path}→{@link PgPath}, {@code polygon}→{@link PgPolygon}, {@code circle}→
 * {@link PgCircle}; {@code xml}→{@link String} (no dumper: a {@code String} parameter takes
 * the type from context); {@code tsvector}, {@code tsquery}→their text as {@link String},
 * loaded from text only (their binary forms are not text), so results of these types are
 * requested in text.
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
 * <h2>Arrays</h2>
 * Every array type (of a built-in type, or declared with {@link #registerArrayType}) loads,
 * in both formats, as a {@link PgArray}: a {@code List} of what the element type's loader in
 * this scope makes ({@code null} for NULL), nested {@code PgArray}s for more dimensions,
 * with its dimensions and lower bounds. So registering a loader for {@code point} makes
 * {@code point[]} load as a list of points; an element type without a loader gives a list of
 * {@code String}s. An array type is requested in binary when its element type has a binary
 * loader. A loader registered for the array type itself replaces all this.
 *
 * <p>Any {@link java.util.List} and any Java array but {@code byte[]} (which is
 * {@code bytea}) dumps as an array: {@code Integer[]}, {@code int[]} and the other primitive
 * arrays ({@code char[]}: of one-character strings), nested arrays or lists for more
 * dimensions (they must be rectangular), {@code PgArray} with its lower bounds. The
 * elements' dumpers decide the type: all non-null elements must declare the same type OID,
 * but integers widen ({@code Short} &lt; {@code Integer} &lt; {@code Long} &lt;
 * {@code BigInteger}/{@code BigDecimal}) and so do floats ({@code Float} &lt; {@code Double}):
 * {@code List.of(1, 2L)} is an {@code int8[]}. The array goes in binary with its array type's
 * OID when the elements' dumpers are binary ({@code List.of(1, 2)}: {@code int4[]}), else
 * in text ({@code List.of("a")}: OID 0, as {@code String} has; {@code List.of(new Json(..))}:
 * {@code json[]}). With no element to look at, a typed Java array uses its component type
 * ({@code new Integer[0]}: {@code int4[]}), a {@code List} sends {@code {}} with OID 0.
 * Varargs caution: {@code execute(sql, integerArray)} spreads an {@code Integer[]} into
 * parameters; pass {@code (Object) integerArray}, or a {@code List}.
 *
 * <h2>Ranges</h2>
 * Every range type (built-in, or declared with {@link #registerRangeType}) loads, in both
 * formats, as a {@link Range} of what its subtype's loader in this scope makes, and its
 * multirange type as a {@link Multirange} of those: a loader registered for
 * {@code timestamptz} applies inside {@code tstzrange} and {@code tstzmultirange} too. They are
 * requested in binary when the subtype has a binary loader. Unbounded sides load as
 * {@code null} bounds; infinite <em>values</em> as the subtype's infinity mapping
 * ({@code [-infinity,infinity]} in a {@code tsrange} is {@code LocalDateTime.MIN} to
 * {@code MAX}); discrete ranges come as the server stores them, canonical
 * ({@code int4range(1,5,'[]')} is {@code [1,6)}). Arrays of ranges and multiranges are
 * arrays as above. A loader registered for the range type itself replaces all this.
 *
 * <p>A {@code Range} dumps as the range type of its bounds' type: their dumpers must declare
 * one type OID, integers and floats widening as in arrays ({@code Range.closed(1, 5L)} is an
 * {@code int8range}); {@code Integer}→{@code int4range}, {@code Long}→{@code int8range},
 * {@link java.math.BigDecimal}→{@code numrange}, {@link java.time.LocalDateTime}→
 * {@code tsrange}, {@link java.time.OffsetDateTime}/{@link java.time.Instant}/
 * {@link java.time.ZonedDateTime}→{@code tstzrange}, {@link java.time.LocalDate}→
 * {@code daterange}, and a subtype of a registered range type→that type. It goes in binary
 * when the bounds' dumpers are binary, else in text; in text with OID 0, for the server to
 * infer, when no range type is known for the bounds or there is no bound to tell
 * ({@code Range.empty()}, {@code Range.all()}). A {@code Multirange} dumps likewise as the
 * multirange type.
 *
 * <h2>User-defined and extension types</h2>
 * Their OIDs differ between databases: a {@link TypeInfo} from {@code conn.typeInfo(name)}
 * (one catalog query) says what they are, and a registration at any scope makes them and
 * their arrays load in both formats:
 * <ul>
 * <li>{@link #registerEnum(TypeInfo)}: labels as {@link String}s;
 *     {@link #registerEnum(TypeInfo, Class)}: as a Java enum's constants, which then dump
 *     declaring the enum type.</li>
 * <li>{@link #registerComposite(TypeInfo)}: as {@link Composite}s (field values by position
 *     and name); {@link #registerComposite(TypeInfo, Class)}: as a Java record, component by
 *     field name, which then dumps as the composite. Fields load with the loaders of the scope
 *     the value is loaded in: nested composites, arrays of composites, ranges, {@code hstore}.</li>
 * <li>{@link #registerDomain(TypeInfo)}: as the base type (domain columns need nothing; arrays
 *     of domains and composite fields of a domain type do).</li>
 * <li>{@link #registerHstore(TypeInfo)}: {@code hstore} ↔ {@code Map<String, String>};
 *     {@link #registerCitext(TypeInfo)}: {@code citext} → {@link String}. Connections register
 *     both themselves when the extensions are installed
 *     ({@code ConnectOptions.Builder.enableHstore}).</li>
 * </ul>
 *
 * <pre>{@code
 * enum Mood { SAD, OK, HAPPY }
 * record Card(int value, String suit) {}
 * conn.adapters().registerEnum(conn.typeInfo("mood"), Mood.class);
 * conn.adapters().registerComposite(conn.typeInfo("card"), Card.class);
 * Card c = (Card) conn.execute("SELECT (8, 'hearts')::card").fetchOne().get(0);
 * }</pre>
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
     * nearest superclass, else for an interface it implements (breadth first). The lookup is
     * cached per class. A {@code List} or a Java array (but {@code byte[]}) gets an array
     * dumper made for this value, since its elements decide the array's type.
     *
     * <pre>{@code
     * adapters.dumperFor(List.of(1, 2)).oid();   // 1007, int4[]
     * }</pre>
     *
     * @param value the value, not {@code null}
     * @return its dumper
     * @throws ProgrammingException if no dumper fits the value's class (or an element's), or
     *                              an array's elements have different types
     * @throws dev.tusk.errors.DataException if an array's nested lists or arrays are not
     *                                       rectangular
     */
    public Dumper<Object> dumperFor(Object value) {
        return state.dumperFor(value);
    }

    /**
     * The dumper for a parameter whose placeholder asks for a format: {@code %t} (text) or
     * {@code %b} (binary), as in psycopg 3; {@code %s} is {@link #dumperFor(Object)}. Any value
     * dumps in text (its literal's text form); in binary, values whose dumper writes text only
     * can when their type's binary form is that text ({@code text} and the string types,
     * {@code json}, {@code jsonb}, {@code xml}) — an untyped {@code String} is then sent as
     * {@code text}.
     *
     * <pre>{@code
     * cur.execute("SELECT %t, %b", 42, "abc");   // 42 sent as text '42', "abc" as binary text
     * }</pre>
     *
     * @param value  the value, not {@code null}
     * @param format the format the placeholder asks for
     * @return a dumper writing that format
     * @throws ProgrammingException if the value cannot be written in that format
     */
    public Dumper<Object> dumperFor(Object value, Format format) {
        return ForcedFormat.of(dumperFor(value), format);
    }

    /**
     * The dumper for values of a class, looked up as by {@link #dumperFor}. For a
     * {@code List} or array class, one that writes any such value in text with OID 0.
     *
     * @param type the value's class
     * @return its dumper
     * @throws ProgrammingException if no dumper fits the class
     */
    public Dumper<Object> dumperForClass(Class<?> type) {
        return state.dumper(type);
    }

    /**
     * The loader for values of type {@code oid} in {@code format}. Never {@code null}: a type
     * without a registered loader loads as its text ({@link String}) in text format and as a
     * copy of its bytes ({@code byte[]}) in binary. An array type without a loader of its own
     * loads as a {@link PgArray} of what its element type's loader in this scope makes, a
     * range or multirange type as a {@link Range} or {@link Multirange} of what its subtype's
     * loader makes.
     *
     * <pre>{@code
     * adapters.registerLoader(600, Loader.text(Point::parse));
     * adapters.loader(1017, Format.TEXT);   // point[] → PgArray of Point
     * }</pre>
     *
     * @param oid    the type OID
     * @param format the format of the values
     * @return the loader
     */
    public Loader<?> loader(int oid, Format format) {
        return state.loaderOrFallback(oid, format);
    }

    /**
     * A token that changes whenever a registration changes this scope: what is derived from
     * its loaders (a result's loaders per column, say) may be reused while it stays the same
     * object.
     *
     * @return the current generation, compared by identity
     */
    public Object generation() {
        return state;
    }

    /**
     * Whether a binary loader is registered for the type, i.e. whether results of that type
     * should be requested in binary format. True for an array type without loaders of its
     * own when its element type has a binary loader, and for a range or multirange type
     * without loaders of its own when its subtype has one.
     *
     * @param oid the type OID
     * @return true if {@code loader(oid, BINARY)} is not the fallback
     */
    public boolean hasBinaryLoader(int oid) {
        return hasLoader(oid, Format.BINARY);
    }

    /**
     * Whether a loader is registered for the type in the format (as opposed to the fallback),
     * or the type is an array type whose element type has one, or a range or multirange type
     * whose subtype has one.
     *
     * @param oid    the type OID
     * @param format the format
     * @return true if registered
     */
    public boolean hasLoader(int oid, Format format) {
        return state.hasLoader(oid, format);
    }

    /**
     * Declares {@code arrayOid} the array type of {@code elementOid} in this scope (as
     * {@code pg_type.typarray} does), so that its values load as {@link PgArray}s of the
     * element type's values and arrays of the element type dump with that OID. The built-in
     * types' arrays are known already; this is for extension and user-defined types.
     *
     * <pre>{@code
     * // SELECT oid, typarray, typdelim FROM pg_type WHERE typname = 'hstore'
     * adapters.registerArrayType(16503, 16498, ',');
     * }</pre>
     *
     * @param arrayOid   the array type's OID
     * @param elementOid the element type's OID
     * @param delimiter  the element separator of the text form ({@code typdelim}), usually {@code ,}
     * @throws ProgrammingException if an OID is 0, they are equal, the element is itself an
     *                              array type or is built from this one (a range of it), or
     *                              the delimiter is one the text form cannot use
     */
    public void registerArrayType(int arrayOid, int elementOid, char delimiter) {
        if (arrayOid == 0 || elementOid == 0 || arrayOid == elementOid) {
            throw new ProgrammingException("invalid array type " + arrayOid + " of " + elementOid);
        }
        if (delimiter <= ' ' || delimiter > 0x7E || "{}\"\\".indexOf(delimiter) >= 0) {
            throw new ProgrammingException("invalid array delimiter '" + delimiter + "'");
        }
        synchronized (this) {
            if (state.arrayTypes.ofArray(elementOid) != null) {
                throw new ProgrammingException("type " + elementOid + " is an array type: "
                        + "PostgreSQL has no arrays of arrays, only more dimensions");
            }
            state.checkNotBuiltFrom(elementOid, arrayOid);
            state = state.withArrayType(new ArrayTypes.ArrayType(arrayOid, elementOid, delimiter));
        }
    }

    /**
     * Declares {@code rangeOid} a range type over {@code subtypeOid}, and {@code multirangeOid}
     * its multirange type, in this scope (a row of {@code pg_range}), so that their values
     * load as {@link Range}s and {@link Multirange}s of what the subtype's loader in this
     * scope makes, and ranges of the subtype's Java values dump with these OIDs (unless the
     * subtype has a built-in range type, which stays what they dump as). The built-in range
     * types are known already; this is for user-defined ones. Their array types are declared
     * with {@link #registerArrayType}.
     *
     * <pre>{@code
     * // CREATE TYPE floatrange AS RANGE (subtype = float8);
     * // SELECT rngtypid, rngsubtype, rngmultitypid FROM pg_range
     * //     WHERE rngtypid = 'floatrange'::regtype
     * adapters.registerRangeType(16390, 701, 16391);
     * cur.execute("SELECT %s", Range.closed(1.5, 2.5));   // a floatrange, in binary
     * }</pre>
     *
     * @param rangeOid      the range type's OID
     * @param subtypeOid    its subtype's OID
     * @param multirangeOid its multirange type's OID; 0 when unknown
     * @throws ProgrammingException if the range or subtype OID is 0, two OIDs are equal, or
     *                              the subtype is built from the range or multirange type
     */
    public void registerRangeType(int rangeOid, int subtypeOid, int multirangeOid) {
        if (rangeOid == 0 || subtypeOid == 0 || rangeOid == subtypeOid
                || multirangeOid != 0 && (multirangeOid == rangeOid || multirangeOid == subtypeOid)) {
            throw new ProgrammingException("invalid range type " + rangeOid + " of " + subtypeOid
                    + " with multirange type " + multirangeOid);
        }
        synchronized (this) {
            state.checkNotBuiltFrom(subtypeOid, rangeOid);
            if (multirangeOid != 0) {
                state.checkNotBuiltFrom(subtypeOid, multirangeOid);
            }
            state = state.withRangeType(new RangeTypes.RangeType(rangeOid, subtypeOid, multirangeOid));
        }
    }

    /**
     * Registers an enum type so that its values, and its arrays, load as their labels
     * ({@link String}s) in both formats. Strings dump as before, with the type left to the
     * server, which reads them as labels where an enum is expected.
     *
     * <pre>{@code
     * // CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')
     * conn.adapters().registerEnum(conn.typeInfo("mood"));
     * conn.execute("SELECT 'ok'::mood, '{sad,happy}'::mood[]").fetchOne();   // (ok, [sad, happy])
     * }</pre>
     *
     * @param info the enum type's info
     * @throws ProgrammingException if the type is not an enum
     */
    public void registerEnum(TypeInfo info) {
        check(info, TypeInfo.Kind.ENUM);
        register(info, TEXT_STRING, TEXT_STRING, null, null);
    }

    /**
     * Registers an enum type as a Java enum: its values, and its arrays, load as constants,
     * and constants dump as its labels, declaring the enum type (so {@code %s} works where
     * only an enum type will do: {@code SELECT %s = 'happy'::mood}). A constant stands for the
     * label equal to its {@code name()}, else for the one label equal to it ignoring case
     * ({@code HAPPY} for {@code happy}). Loading a label without a constant, or dumping a
     * constant without a label, raises an exception naming both sides.
     *
     * <pre>{@code
     * enum Mood { SAD, OK, HAPPY }
     * conn.adapters().registerEnum(conn.typeInfo("mood"), Mood.class);
     * conn.execute("SELECT %s::text", Mood.HAPPY).fetchOne().get(0);   // "happy"
     * }</pre>
     *
     * @param info the enum type's info
     * @param type the Java enum
     * @param <E>  the Java enum
     * @throws ProgrammingException if the type is not an enum
     */
    public <E extends Enum<E>> void registerEnum(TypeInfo info, Class<E> type) {
        check(info, TypeInfo.Kind.ENUM);
        Objects.requireNonNull(type, "type");
        EnumCodec<E> codec = new EnumCodec<>(info, type);
        register(info, codec.loader(), codec.loader(), type, codec.dumper());
    }

    /**
     * Registers a composite type so that its values, and its arrays, load as
     * {@link Composite}s (a {@code List} of the field values, with access by field name), in
     * both formats. Each field loads with the loader of its type in the scope where the value
     * is loaded, so nested composites, arrays and ranges inside load as they would in a
     * column; register the field types that need it (composites, enums, domains) as well,
     * here or in any scope the values are loaded in. {@code Composite} values dump back in
     * text, with the type left to the server.
     *
     * <pre>{@code
     * // CREATE TYPE card AS (value int, suit text)
     * conn.adapters().registerComposite(conn.typeInfo("card"));
     * Composite c = (Composite) conn.execute("SELECT (8, 'hearts')::card").fetchOne().get(0);
     * c.get("suit");   // "hearts"
     * }</pre>
     *
     * @param info the composite type's info
     * @throws ProgrammingException if the type is not a composite type
     */
    public void registerComposite(TypeInfo info) {
        check(info, TypeInfo.Kind.COMPOSITE);
        CompositeLoader loader = new CompositeLoader(info, values -> new Composite(info, values));
        register(info, loader, loader, Composite.class, CompositeDumper.COMPOSITES);
    }

    /**
     * Registers a composite type as a Java record, component by field name: its values, and
     * its arrays, load as records, and records dump as the composite type. A field's value
     * must be of its component's class (boxed): {@code int4} for {@code int} or
     * {@code Integer}, an array for a {@code List}, a registered composite for its record;
     * NULL for a primitive component raises. A record dumps in binary when every component
     * is of a final class whose dumper writes its field's type in binary ({@code int},
     * {@code long}, {@code LocalDate}, ... of the exact type), else in text, which the server
     * reads with each field type's input function.
     *
     * <pre>{@code
     * record Card(int value, String suit) {}
     * conn.adapters().registerComposite(conn.typeInfo("card"), Card.class);
     * Card c = conn.execute("SELECT (8, 'hearts')::card").fetchOne().get(0, Card.class);
     * conn.execute("INSERT INTO hands (card) VALUES (%s)", new Card(1, "spades"));
     * }</pre>
     *
     * @param info the composite type's info
     * @param type the record class (accessible to this module: public, or in an open package)
     * @param <R>  the record type
     * @throws ProgrammingException if the type is not a composite type, or the record's
     *                              component names are not its field names (the message names
     *                              what is missing on either side)
     */
    public <R extends Record> void registerComposite(TypeInfo info, Class<R> type) {
        check(info, TypeInfo.Kind.COMPOSITE);
        Objects.requireNonNull(type, "type");
        RecordBinding binding = RecordBinding.of(type, info);
        CompositeLoader loader = new CompositeLoader(info, binding::make);
        register(info, loader, loader, type, CompositeDumper.of(binding));
    }

    /**
     * Registers a domain so that values whose type is reported as the domain load as its
     * base type's do, in both formats: elements of the domain's arrays (reported as the
     * domain's array type) and composite fields of the domain. Result columns of a domain
     * type need nothing: the server reports them as the base type. Values dump as the base
     * type's, which the server converts to the domain (checking its constraints).
     *
     * <pre>{@code
     * // CREATE DOMAIN posint AS int CHECK (VALUE > 0)
     * conn.adapters().registerDomain(conn.typeInfo("posint"));
     * conn.execute("SELECT '{1,2}'::posint[]").fetchOne().get(0);   // [1, 2], Integers
     * }</pre>
     *
     * @param info the domain's info
     * @throws ProgrammingException if the type is not a domain
     */
    public void registerDomain(TypeInfo info) {
        check(info, TypeInfo.Kind.DOMAIN);
        ScopedLoader loader = ScopedLoader.domain(info.baseOid());
        register(info, loader, loader, null, null);
    }

    /**
     * Registers a range type from its catalog info (psycopg 3's {@code register_range}): its
     * values, its multirange's and its arrays' load as {@link Range}s / {@link Multirange}s of
     * the subtype's values in this scope; see {@link #registerRangeType}.
     *
     * <pre>{@code
     * // CREATE TYPE floatrange AS RANGE (subtype = float8)
     * conn.adapters().registerRange(conn.typeInfo("floatrange"));
     * conn.execute("SELECT '[1.5,2.5)'::floatrange").fetchOne().get(0);   // Range [1.5,2.5)
     * }</pre>
     *
     * @param info the range type's info
     * @throws ProgrammingException if the type is not a range type
     */
    public void registerRange(TypeInfo info) {
        check(info, TypeInfo.Kind.RANGE);
        registerRangeType(info.oid(), info.rangeSubtype(), info.multirangeOid());
        if (info.arrayOid() != 0) {
            registerArrayType(info.arrayOid(), info.oid(), info.delimiter());
        }
    }

    /**
     * Registers the {@code hstore} extension's type: its values, and its arrays, load as
     * unmodifiable {@code Map<String, String>}s ({@code null} values for NULL), in both
     * formats, and any {@code Map} dumps as {@code hstore} in binary (its keys and values must
     * be strings; values may be {@code null}). Connections do this themselves when they find
     * the extension ({@code ConnectOptions.Builder.enableHstore}, on by default).
     *
     * <pre>{@code
     * conn.adapters().registerHstore(conn.typeInfo("hstore"));
     * conn.execute("SELECT %s", (Object) Map.of("a", "1")).fetchOne().get(0);   // {a=1}
     * }</pre>
     *
     * A lone {@code Map} parameter needs the cast to {@code Object}: without it
     * {@code execute(sql, Map)} takes the map as named parameters.
     *
     * @param info the {@code hstore} type's info
     * @throws ProgrammingException if the type is not a base type
     */
    public void registerHstore(TypeInfo info) {
        check(info, TypeInfo.Kind.BASE);
        register(info, HstoreCodec.TEXT, HstoreCodec.BINARY, Map.class, HstoreCodec.dumper(info));
    }

    /**
     * Registers the {@code citext} extension's type: its values, and its arrays, load as
     * {@link String}s in both formats. Strings dump as before, with the type left to the
     * server. Connections do this themselves when they find the extension
     * ({@code ConnectOptions.Builder.enableHstore}).
     *
     * @param info the {@code citext} type's info
     * @throws ProgrammingException if the type is not a base type
     */
    public void registerCitext(TypeInfo info) {
        check(info, TypeInfo.Kind.BASE);
        register(info, TEXT_STRING, TEXT_STRING, null, null);
    }

    /** Registers a type's loaders, a dumper if given, and the type's array type, if any. */
    private void register(TypeInfo info, Loader<?> text, Loader<?> binary, Class<?> type, Dumper<?> dumper) {
        synchronized (this) {
            // text first: a text registration drops the binary loader
            State s = state.withLoader(info.oid(), Format.TEXT, text).withLoader(info.oid(), Format.BINARY, binary);
            state = type == null ? s : s.withDumper(type, dumper);
        }
        if (info.arrayOid() != 0) {
            registerArrayType(info.arrayOid(), info.oid(), info.delimiter());
        }
    }

    private static void check(TypeInfo info, TypeInfo.Kind kind) {
        Objects.requireNonNull(info, "info (Connection.typeInfo returns null for a type that does not exist)");
        if (info.kind() != kind) {
            throw new ProgrammingException("type " + info.sqlName() + " is of kind " + info.kind() + ", not "
                    + kind);
        }
    }

    /** One immutable generation of registrations, plus the lookup caches derived from it. */
    static final class State {
        static final State EMPTY = new State(Map.of(), IntMap.empty(), IntMap.empty(), ArrayTypes.BUILTINS,
                RangeTypes.BUILTINS);

        final Map<Class<?>, Dumper<?>> dumpers;
        final IntMap<Loader<?>> text;
        final IntMap<Loader<?>> binary;
        final ArrayTypes arrayTypes;
        final RangeTypes rangeTypes;
        final ConcurrentHashMap<Class<?>, Dumper<Object>> cache = new ConcurrentHashMap<>();
        /** Loaders made from other types' loaders (see {@link #builtFrom}), by OID and format. */
        private final ConcurrentHashMap<Long, Loader<?>> derivedLoaders = new ConcurrentHashMap<>();

        State(Map<Class<?>, Dumper<?>> dumpers, IntMap<Loader<?>> text, IntMap<Loader<?>> binary,
                ArrayTypes arrayTypes, RangeTypes rangeTypes) {
            this.dumpers = dumpers;
            this.text = text;
            this.binary = binary;
            this.arrayTypes = arrayTypes;
            this.rangeTypes = rangeTypes;
        }

        State withDumper(Class<?> type, Dumper<?> dumper) {
            Map<Class<?>, Dumper<?>> m = new HashMap<>(dumpers);
            m.put(type, dumper);
            return new State(m, text, binary, arrayTypes, rangeTypes);
        }

        State withLoader(int oid, Format format, Loader<?> loader) {
            return format == Format.BINARY
                    ? new State(dumpers, text, binary.with(oid, loader), arrayTypes, rangeTypes)
                    : new State(dumpers, text.with(oid, loader), binary.without(oid), arrayTypes, rangeTypes);
        }

        State withArrayType(ArrayTypes.ArrayType type) {
            return new State(dumpers, text, binary, arrayTypes.with(type), rangeTypes);
        }

        State withRangeType(RangeTypes.RangeType type) {
            return new State(dumpers, text, binary, arrayTypes, rangeTypes.with(type));
        }

        IntMap<Loader<?>> loaders(Format format) {
            return format == Format.BINARY ? binary : text;
        }

        /** The dumper for a class, cached. */
        Dumper<Object> dumper(Class<?> type) {
            Dumper<Object> d = dumperOrNull(type);
            if (d == null) {
                throw new ProgrammingException("cannot adapt type '" + type.getName()
                        + "': no dumper is registered for it or any of its supertypes");
            }
            return d;
        }

        /** The dumper for a value: its class's, bound to the value if what it holds decides its type. */
        Dumper<Object> dumperFor(Object value) {
            Dumper<Object> d = dumper(value.getClass());
            return d instanceof ContainerDumper c ? c.bind(value) : d;
        }

        /** The dumper for a class, cached, or {@code null} if none fits. */
        Dumper<Object> dumperOrNull(Class<?> type) {
            Dumper<Object> d = cache.get(type);
            if (d == null) {
                d = resolve(type);
                if (d instanceof ContainerDumper c) {
                    d = c.in(this);
                } else if (d instanceof ScopedDumper sd) {
                    d = sd.in(this);
                }
                if (d != null) {
                    cache.putIfAbsent(type, d);
                }
            }
            return d;
        }

        /**
         * The loader of type {@code oid}: the registered one (made for this scope if it is a
         * {@link ScopedLoader}), else one made from the loaders of the type it is built from,
         * else the fallback (its text, or a copy of its bytes).
         */
        Loader<?> loaderOrFallback(int oid, Format format) {
            Loader<?> l = registered(oid, format);
            if (l == null) {
                l = derivedLoader(oid, format);
            }
            if (l != null) {
                return l;
            }
            return format == Format.BINARY ? RAW_BYTES : TEXT_STRING;
        }

        /** The loader registered for the type, made for this scope; {@code null} if none. */
        private Loader<?> registered(int oid, Format format) {
            Loader<?> l = loaders(format).get(oid);
            return l instanceof ScopedLoader sl ? sl.in(this, format) : l;
        }

        /**
         * Whether the type has a loader for the format in this scope: a registered one (a
         * {@link ScopedLoader} when the types it is made from have), or one made from the type
         * it is built from.
         */
        boolean hasLoader(int oid, Format format) {
            Loader<?> l = loaders(format).get(oid);
            if (l != null) {
                return !(l instanceof ScopedLoader sl) || sl.loadsIn(this, format);
            }
            int from = builtFrom(oid);
            return from != 0 && hasLoader(from, format);
        }

        /**
         * The type whose loaders make those of {@code oid}: an array type's element type, a
         * range or multirange type's subtype. 0 when there is none, or when {@code oid} has a
         * loader of its own in either format, which then replaces all that.
         */
        int builtFrom(int oid) {
            return text.containsKey(oid) || binary.containsKey(oid) ? 0 : componentOf(oid);
        }

        /** The element type of an array type, the subtype of a range or multirange type; else 0. */
        private int componentOf(int oid) {
            ArrayTypes.ArrayType a = arrayTypes.ofArray(oid);
            if (a != null) {
                return a.elementOid();
            }
            RangeTypes.RangeType r = rangeTypes.ofRange(oid);
            if (r == null) {
                r = rangeTypes.ofMultirange(oid);
            }
            return r == null ? 0 : r.subtypeOid();
        }

        /**
         * Rejects declaring {@code container} built from {@code part} when {@code part} is
         * already built from {@code container}: its loaders would be made from themselves.
         */
        void checkNotBuiltFrom(int part, int container) {
            // registrations go through here, so the chain from part has no loop and ends
            for (int t = part; t != 0; t = componentOf(t)) {
                if (t == container) {
                    throw new ProgrammingException("type " + part + " is built from type " + container
                            + ", which cannot be built from it in turn");
                }
            }
        }

        /** The loader made for {@code oid} from the loader of the type it is built from, or {@code null}. */
        private Loader<?> derivedLoader(int oid, Format format) {
            int from = builtFrom(oid);
            if (from == 0) {
                return null;
            }
            Long key = (oid & 0xFFFFFFFFL) << 1 | format.ordinal();
            Loader<?> l = derivedLoaders.get(key);
            if (l == null) {
                // Not computeIfAbsent: an array of ranges makes its range loader first, in this map.
                l = derive(oid, loaderOrFallback(from, format), format);
                Loader<?> raced = derivedLoaders.putIfAbsent(key, l);
                if (raced != null) {
                    l = raced;
                }
            }
            return l;
        }

        private Loader<?> derive(int oid, Loader<?> part, Format format) {
            boolean bin = format == Format.BINARY;
            ArrayTypes.ArrayType a = arrayTypes.ofArray(oid);
            if (a != null) {
                return bin ? ArrayBinary.loader(part) : ArrayText.loader(part, a.delimiter());
            }
            if (rangeTypes.ofRange(oid) != null) {
                return bin ? RangeBinary.loader(part) : RangeText.loader(part);
            }
            return bin ? RangeBinary.multirangeLoader(part) : RangeText.multirangeLoader(part);
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
            // 2. Java's arrays of references are Object[]s, though not as getSuperclass() says
            if (type.isArray() && !type.getComponentType().isPrimitive()) {
                Dumper<?> d = dumpers.get(Object[].class);
                if (d != null) {
                    return (Dumper<Object>) d;
                }
            }
            // 3. interfaces, breadth first: those of the class, then of its superclasses
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
            // 4. Object, if someone registered a catch-all
            return (Dumper<Object>) dumpers.get(Object.class);
        }
    }
}
