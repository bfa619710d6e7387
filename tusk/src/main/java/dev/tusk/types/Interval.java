package dev.tusk.types;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Period;

/**
 * A PostgreSQL {@code interval}: months, days and microseconds, kept apart as the server
 * keeps them (a month has no fixed number of days, nor a day of hours across a DST change).
 * {@code interval} columns load as this record; it dumps as {@code interval}, and so do
 * {@link Duration} and {@link Period}.
 *
 * <pre>{@code
 * Interval i = Interval.parse("1 year 2 mons -3 days +04:05:06.789");
 * i.months();        // 14
 * i.days();          // -3
 * i.microseconds();  // 14706789000
 * Interval.of(Duration.ofMinutes(90)).toString();   // "01:30:00"
 * }</pre>
 *
 * <p>PostgreSQL 17's infinite intervals are {@link #POSITIVE_INFINITY} and
 * {@link #NEGATIVE_INFINITY}: every field at its largest or smallest value.
 *
 * @param months       whole months (years are 12 months)
 * @param days         whole days
 * @param microseconds the time part
 */
public record Interval(int months, int days, long microseconds) {

    /** The zero interval, {@code 00:00:00}. */
    public static final Interval ZERO = new Interval(0, 0, 0);
    /** {@code infinity} (PostgreSQL 17 and later). */
    public static final Interval POSITIVE_INFINITY = new Interval(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);
    /** {@code -infinity} (PostgreSQL 17 and later). */
    public static final Interval NEGATIVE_INFINITY = new Interval(Integer.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE);

    /**
     * An interval of the given fields.
     *
     * @param months       whole months
     * @param days         whole days
     * @param microseconds the time part
     * @return the interval
     */
    public static Interval of(int months, int days, long microseconds) {
        return new Interval(months, days, microseconds);
    }

    /**
     * The interval of a duration, all in the time part (like {@code interval '90000 seconds'},
     * which PostgreSQL keeps as {@code 25:00:00}, not as a day and an hour). Nanoseconds are
     * rounded to the nearest microsecond, ties to even.
     *
     * @param duration the duration
     * @return the interval
     * @throws ArithmeticException if the duration exceeds 2^63 microseconds
     */
    public static Interval of(Duration duration) {
        long micros = Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L),
                DateTimeCodecs.roundNanos(duration.getNano()));
        return new Interval(0, 0, micros);
    }

    /**
     * The interval of a period: years and months as months, days as days.
     *
     * @param period the period
     * @return the interval
     * @throws ArithmeticException if the months do not fit in an {@code int}
     */
    public static Interval of(Period period) {
        long months = Math.addExact(Math.multiplyExact((long) period.getYears(), 12L), period.getMonths());
        return new Interval(Math.toIntExact(months), period.getDays(), 0);
    }

    /**
     * Parses an interval in any of the server's output styles ({@code IntervalStyle}):
     * {@code postgres} ({@code 1 year 2 mons -3 days +04:05:06.789}, {@code -00:00:01}),
     * {@code postgres_verbose} ({@code @ 1 year 2 mons 3 days 4 hours 5 mins 6.789 secs ago}),
     * {@code sql_standard} ({@code +1-2 -3 +4:05:06.789}, {@code -1 2:03:04}) and
     * {@code iso_8601} ({@code P1Y2M-3DT4H5M6.789S}), and {@code infinity}/{@code -infinity}.
     *
     * @param text the text
     * @return the interval
     * @throws dev.tusk.errors.DataException if the text is not an interval in those forms
     */
    public static Interval parse(CharSequence text) {
        byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
        return IntervalCodec.parse(b, 0, b.length);
    }

    /**
     * Whether this is {@link #POSITIVE_INFINITY} or {@link #NEGATIVE_INFINITY}.
     *
     * @return true if infinite
     */
    public boolean isInfinite() {
        return equals(POSITIVE_INFINITY) || equals(NEGATIVE_INFINITY);
    }

    /**
     * This interval as a duration, counting a day as 24 hours.
     *
     * @return the duration
     * @throws ArithmeticException if the interval has months (a month has no fixed length) or
     *                             is infinite
     */
    public Duration toDuration() {
        if (isInfinite()) {
            throw new ArithmeticException("an infinite interval has no duration");
        }
        if (months != 0) {
            throw new ArithmeticException("interval " + this + " has months, which have no fixed duration");
        }
        return Duration.ofDays(days).plus(Duration.of(microseconds, java.time.temporal.ChronoUnit.MICROS));
    }

    /**
     * This interval as a period of years, months (the months beyond whole years) and days.
     *
     * @return the period
     * @throws ArithmeticException if the interval has a time part or is infinite
     */
    public Period toPeriod() {
        if (isInfinite()) {
            throw new ArithmeticException("an infinite interval has no period");
        }
        if (microseconds != 0) {
            throw new ArithmeticException("interval " + this + " has a time part, which a Period cannot hold");
        }
        return Period.of(months / 12, months % 12, days);
    }

    /**
     * The interval as PostgreSQL writes it with {@code IntervalStyle=postgres}, e.g.
     * {@code 1 year 2 mons -3 days +04:05:06.789}, {@code 00:00:00} or {@code infinity}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return IntervalCodec.format(this, false);
    }
}
