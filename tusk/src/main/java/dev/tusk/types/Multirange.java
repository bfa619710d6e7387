package dev.tusk.types;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A PostgreSQL multirange value ({@code int4multirange}, {@code datemultirange}, ...): an
 * immutable {@link List} of {@link Range}s, what multirange columns load as, and a parameter
 * that dumps as the multirange type of its ranges' bounds. It compares as a {@code List}.
 *
 * <pre>{@code
 * Multirange<Integer> m = Multirange.of(Range.closedOpen(1, 3), Range.closedOpen(5, 7));
 * m.toString();                                     // {[1,3),[5,7)}
 * cur.execute("SELECT %s @> 6", m);                 // true
 * }</pre>
 *
 * <p>The server keeps a multirange normalised: its ranges sorted, merged where they touch or
 * overlap, empty ones dropped. This class keeps the ranges as given, so
 * {@code {[5,7),[1,3)}} comes back as {@code {[1,3),[5,7)}}. A multirange never holds NULL.
 *
 * @param <T> the type of the ranges' bounds
 */
public final class Multirange<T> extends AbstractList<Range<T>> implements RandomAccess {
    private static final Multirange<?> EMPTY = new Multirange<>(new Range<?>[0]);

    private final Range<?>[] ranges;

    private Multirange(Range<?>[] ranges) {
        this.ranges = ranges;
    }

    /**
     * The multirange of these ranges, in this order.
     *
     * <pre>{@code
     * Multirange.of(Range.closed(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 7)));
     * }</pre>
     *
     * @param ranges the ranges
     * @param <T>    the bounds' type
     * @return the multirange
     * @throws NullPointerException if a range is {@code null}
     */
    @SafeVarargs
    public static <T> Multirange<T> of(Range<T>... ranges) {
        return of(Arrays.asList(ranges));
    }

    /**
     * The multirange of the ranges of a list, in its order.
     *
     * <pre>{@code
     * Multirange.of(List.of(Range.atMost(0), Range.atLeast(10)));   // {(,0],[10,)}
     * }</pre>
     *
     * @param ranges the ranges
     * @param <T>    the bounds' type
     * @return the multirange
     * @throws NullPointerException if a range is {@code null}
     */
    public static <T> Multirange<T> of(List<? extends Range<T>> ranges) {
        // List.copyOf rejects nulls
        return ranges.isEmpty() ? empty() : new Multirange<>(List.copyOf(ranges).toArray(new Range<?>[0]));
    }

    /**
     * The empty multirange, {@code {}}. Having no bound, it does not say which multirange
     * type it is: as a parameter it goes in text with the type left to the server.
     *
     * @param <T> the bounds' type
     * @return the multirange
     */
    @SuppressWarnings("unchecked")
    public static <T> Multirange<T> empty() {
        return (Multirange<T>) EMPTY;
    }

    /** A multirange over an array the caller gives up. */
    static <T> Multirange<T> wrap(Range<?>[] ranges) {
        return ranges.length == 0 ? empty() : new Multirange<>(ranges);
    }

    /**
     * A range of the multirange.
     *
     * @param index 0-based
     * @return the range
     */
    @Override
    @SuppressWarnings("unchecked")
    public Range<T> get(int index) {
        return (Range<T>) ranges[index];
    }

    /**
     * How many ranges the multirange has.
     *
     * @return the number of ranges
     */
    @Override
    public int size() {
        return ranges.length;
    }

    /**
     * The multirange in PostgreSQL's text form: {@code {}}, {@code {[1,3),[5,7)}}, each
     * range as {@link Range#toString()} writes it.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        return RangeText.toString(this, (v, out) -> out.writeUtf8(String.valueOf(v)));
    }
}
