package dev.tusk.types;

import java.util.Objects;

/**
 * A PostgreSQL range value ({@code int4range}, {@code tstzrange}, a user-defined range, ...):
 * what range columns load as, and a parameter that dumps as the range type of its bounds
 * (psycopg 3's {@code Range}). Immutable.
 *
 * <pre>{@code
 * Range<Integer> r = Range.closedOpen(1, 5);               // [1,5)
 * r.contains(4);                                           // true
 * cur.execute("SELECT %s::int4range @> 3", r);
 * Range<LocalDate> week = Range.of(monday, sunday, "[]");  // [2024-01-01,2024-01-07]
 * Range<Integer> from10 = Range.atLeast(10);               // [10,)
 * }</pre>
 *
 * <p>A {@code null} bound is unbounded (infinite) on that side, and an unbounded side is never
 * inclusive: {@code Range.of(null, 5, "[]")} is {@code (,5]}, as the server has it. That is
 * not the same as a bound whose <em>value</em> is infinite: {@code tsrange}'s
 * {@code [-infinity,infinity]} loads with bounds {@code LocalDateTime.MIN} and {@code MAX},
 * the infinity mapping of {@code timestamp} (see {@link Adapters}).
 *
 * <p>Equality is Java value equality of the bounds and the flags, not the server's range
 * equality: the server stores discrete ranges ({@code int4range}, {@code int8range},
 * {@code daterange}) in canonical {@code [)} form, so {@code Range.closed(1, 5)} comes back
 * as {@code Range.closedOpen(1, 6)}, and {@code Range.closedOpen(3, 3)} as
 * {@link #empty()}. Nor does this class check that the lower bound is below the upper one;
 * the server does, and rejects the parameter with a {@link dev.tusk.errors.DataException}.
 *
 * @param <T> the type of the bounds (the range's subtype, in Java)
 */
public final class Range<T> {
    private static final Range<?> EMPTY = new Range<>(null, null, false, false, true);
    private static final Range<?> ALL = new Range<>(null, null, false, false, false);

    private final T lower;
    private final T upper;
    private final boolean lowerInclusive;
    private final boolean upperInclusive;
    private final boolean empty;

    private Range(T lower, T upper, boolean lowerInclusive, boolean upperInclusive, boolean empty) {
        this.lower = lower;
        this.upper = upper;
        // an unbounded side includes nothing more: range_in drops the flag too
        this.lowerInclusive = lowerInclusive && lower != null;
        this.upperInclusive = upperInclusive && upper != null;
        this.empty = empty;
    }

    /**
     * The range between two bounds, their inclusion given as PostgreSQL writes it
     * ({@code "[)"}, {@code "[]"}, {@code "()"} or {@code "(]"}): psycopg 3's
     * {@code Range(lower, upper, bounds)}. A {@code null} bound is unbounded.
     *
     * <pre>{@code
     * Range.of(1, 10, "[]");       // [1,10]
     * Range.of(null, 10, "()");    // (,10)
     * }</pre>
     *
     * @param lower  the lower bound, {@code null} for none
     * @param upper  the upper bound, {@code null} for none
     * @param bounds {@code [} or {@code (}, then {@code ]} or {@code )}
     * @param <T>    the bounds' type
     * @return the range
     * @throws IllegalArgumentException if {@code bounds} is none of the four
     */
    public static <T> Range<T> of(T lower, T upper, String bounds) {
        Objects.requireNonNull(bounds, "bounds");
        if (bounds.length() != 2 || "[(".indexOf(bounds.charAt(0)) < 0 || "])".indexOf(bounds.charAt(1)) < 0) {
            throw new IllegalArgumentException("bounds must be one of \"[)\", \"[]\", \"()\", \"(]\", not \""
                    + bounds + "\"");
        }
        return new Range<>(lower, upper, bounds.charAt(0) == '[', bounds.charAt(1) == ']', false);
    }

    /**
     * The range {@code [lower,upper)}, PostgreSQL's default form; a {@code null} bound is
     * unbounded.
     *
     * <pre>{@code
     * Range.of(1, 5);   // [1,5)
     * }</pre>
     *
     * @param lower the lower bound (included), {@code null} for none
     * @param upper the upper bound (excluded), {@code null} for none
     * @param <T>   the bounds' type
     * @return the range
     */
    public static <T> Range<T> of(T lower, T upper) {
        return new Range<>(lower, upper, true, false, false);
    }

    /**
     * {@code [lower,upper)}.
     *
     * <pre>{@code
     * Range.closedOpen(1, 5);   // [1,5)
     * }</pre>
     *
     * @param lower the lower bound, included
     * @param upper the upper bound, excluded
     * @param <T>   the bounds' type
     * @return the range
     */
    public static <T> Range<T> closedOpen(T lower, T upper) {
        return finite(lower, upper, true, false);
    }

    /**
     * {@code [lower,upper]}.
     *
     * <pre>{@code
     * Range.closed(1, 5);   // [1,5], which the server stores as [1,6)
     * }</pre>
     *
     * @param lower the lower bound, included
     * @param upper the upper bound, included
     * @param <T>   the bounds' type
     * @return the range
     */
    public static <T> Range<T> closed(T lower, T upper) {
        return finite(lower, upper, true, true);
    }

    /**
     * {@code (lower,upper)}.
     *
     * <pre>{@code
     * Range.open(1.5, 2.5);   // (1.5,2.5)
     * }</pre>
     *
     * @param lower the lower bound, excluded
     * @param upper the upper bound, excluded
     * @param <T>   the bounds' type
     * @return the range
     */
    public static <T> Range<T> open(T lower, T upper) {
        return finite(lower, upper, false, false);
    }

    /**
     * {@code (lower,upper]}.
     *
     * <pre>{@code
     * Range.openClosed(1, 5);   // (1,5]
     * }</pre>
     *
     * @param lower the lower bound, excluded
     * @param upper the upper bound, included
     * @param <T>   the bounds' type
     * @return the range
     */
    public static <T> Range<T> openClosed(T lower, T upper) {
        return finite(lower, upper, false, true);
    }

    /**
     * {@code [lower,)}: everything from {@code lower} on.
     *
     * <pre>{@code
     * Range.atLeast(LocalDate.of(2024, 1, 1));   // [2024-01-01,)
     * }</pre>
     *
     * @param lower the lower bound, included
     * @param <T>   the bound's type
     * @return the range
     */
    public static <T> Range<T> atLeast(T lower) {
        return new Range<>(Objects.requireNonNull(lower, "lower"), null, true, false, false);
    }

    /**
     * {@code (lower,)}: everything after {@code lower}.
     *
     * <pre>{@code
     * Range.greaterThan(0);   // (0,)
     * }</pre>
     *
     * @param lower the lower bound, excluded
     * @param <T>   the bound's type
     * @return the range
     */
    public static <T> Range<T> greaterThan(T lower) {
        return new Range<>(Objects.requireNonNull(lower, "lower"), null, false, false, false);
    }

    /**
     * {@code (,upper]}: everything up to {@code upper}.
     *
     * <pre>{@code
     * Range.atMost(100);   // (,100]
     * }</pre>
     *
     * @param upper the upper bound, included
     * @param <T>   the bound's type
     * @return the range
     */
    public static <T> Range<T> atMost(T upper) {
        return new Range<>(null, Objects.requireNonNull(upper, "upper"), false, true, false);
    }

    /**
     * {@code (,upper)}: everything before {@code upper}.
     *
     * <pre>{@code
     * Range.lessThan(100);   // (,100)
     * }</pre>
     *
     * @param upper the upper bound, excluded
     * @param <T>   the bound's type
     * @return the range
     */
    public static <T> Range<T> lessThan(T upper) {
        return new Range<>(null, Objects.requireNonNull(upper, "upper"), false, false, false);
    }

    /**
     * {@code (,)}: the range of every value, unbounded on both sides. Having no bound, it
     * does not say which range type it is: as a parameter it goes in text with the type left
     * to the server ({@code %s::int4range}).
     *
     * @param <T> the bounds' type
     * @return the range
     */
    @SuppressWarnings("unchecked")
    public static <T> Range<T> all() {
        return (Range<T>) ALL;
    }

    /**
     * The empty range, {@code empty}, which contains nothing. Like {@link #all()}, its
     * type is left to the server as a parameter.
     *
     * @param <T> the bounds' type
     * @return the range
     */
    @SuppressWarnings("unchecked")
    public static <T> Range<T> empty() {
        return (Range<T>) EMPTY;
    }

    private static <T> Range<T> finite(T lower, T upper, boolean lowerInclusive, boolean upperInclusive) {
        Objects.requireNonNull(lower, "lower");
        Objects.requireNonNull(upper, "upper");
        return new Range<>(lower, upper, lowerInclusive, upperInclusive, false);
    }

    /** A range read from the server: flags as they came. */
    static <T> Range<T> make(T lower, T upper, boolean lowerInclusive, boolean upperInclusive) {
        return lower == null && upper == null ? all() : new Range<>(lower, upper, lowerInclusive, upperInclusive, false);
    }

    /**
     * The lower bound.
     *
     * @return the bound, {@code null} if unbounded below or empty
     */
    public T lower() {
        return lower;
    }

    /**
     * The upper bound.
     *
     * @return the bound, {@code null} if unbounded above or empty
     */
    public T upper() {
        return upper;
    }

    /**
     * Whether the lower bound belongs to the range ({@code [}); false when unbounded below.
     *
     * @return true for {@code [}
     */
    public boolean lowerInclusive() {
        return lowerInclusive;
    }

    /**
     * Whether the upper bound belongs to the range ({@code ]}); false when unbounded above.
     *
     * @return true for {@code ]}
     */
    public boolean upperInclusive() {
        return upperInclusive;
    }

    /**
     * Whether this is the empty range ({@link #empty()}). A range such as {@code [3,3)} is
     * empty to the server, but this class only knows it when the server sends it back.
     *
     * @return true for {@code empty}
     */
    public boolean isEmpty() {
        return empty;
    }

    /**
     * Whether the value lies within the bounds, compared with {@link Comparable#compareTo}
     * (so {@code BigDecimal}s of different scales compare equal, as on the server). For a
     * discrete range the answer is the same as the server's canonical form gives.
     *
     * <pre>{@code
     * Range.closedOpen(1, 5).contains(5);      // false
     * Range.atLeast(LocalDate.MIN).contains(LocalDate.of(2024, 1, 1));   // true
     * }</pre>
     *
     * @param value the value, not {@code null}
     * @return true if the range contains it; false for the empty range
     * @throws ClassCastException if the bounds and the value are not mutually comparable
     */
    public boolean contains(T value) {
        Objects.requireNonNull(value, "value");
        if (empty) {
            return false;
        }
        if (lower != null) {
            int c = compare(value, lower);
            if (c < 0 || c == 0 && !lowerInclusive) {
                return false;
            }
        }
        if (upper != null) {
            int c = compare(value, upper);
            return c < 0 || c == 0 && upperInclusive;
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    /**
     * Equal when both are empty, or have equal bounds (by {@code equals}) and the same
     * inclusion flags.
     *
     * @param o the other object
     * @return whether they are the same range value
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Range<?> r && empty == r.empty && lowerInclusive == r.lowerInclusive
                && upperInclusive == r.upperInclusive && Objects.equals(lower, r.lower)
                && Objects.equals(upper, r.upper);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lower, upper, lowerInclusive, upperInclusive, empty);
    }

    /**
     * The range in PostgreSQL's text form, with each bound's {@code toString()} quoted as
     * the server quotes bounds: {@code [1,5)}, {@code (,5]}, {@code empty},
     * {@code ["a b",c)}. For numbers and dates that is what the server prints; for other
     * bounds ({@code LocalDateTime}'s {@code T}) it is a form the server reads.
     * {@code mogrify} shows the exact literal.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return RangeText.toString(this, (v, out) -> out.writeUtf8(String.valueOf(v)));
    }
}
