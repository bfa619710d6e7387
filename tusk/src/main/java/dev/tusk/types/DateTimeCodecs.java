package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * {@code date}, {@code time}, {@code timetz}, {@code timestamp} and {@code timestamptz}.
 *
 * <p>Binary forms: {@code date} is int32 days since 2000-01-01; {@code time} int64
 * microseconds since midnight; {@code timetz} that plus int32 zone offset in seconds
 * <em>west</em> of UTC; {@code timestamp} int64 microseconds since 2000-01-01 00:00 and
 * {@code timestamptz} since 2000-01-01 00:00 UTC. The largest and smallest int32/int64 stand
 * for {@code infinity} and {@code -infinity}, mapped to the {@code MAX}/{@code MIN}
 * constants of the Java types. Nanoseconds round to microseconds half-even.
 */
final class DateTimeCodecs {
    private DateTimeCodecs() {
    }

    /** Epoch day of 2000-01-01. */
    static final long PG_EPOCH_DAY = 10_957;
    /** Epoch second of 2000-01-01T00:00Z. */
    static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400;
    static final long MICROS_PER_DAY = 86_400_000_000L;

    /** 4714-11-24 BC, Julian day 0: the first date PostgreSQL holds. */
    static final LocalDate MIN_DATE = LocalDate.of(-4713, 11, 24);
    /** The last date PostgreSQL holds. */
    static final LocalDate MAX_DATE = LocalDate.of(5_874_897, 12, 31);
    /** The first timestamp, 4714-11-24 00:00 BC, in microseconds since 2000. */
    static final long MIN_TIMESTAMP = (MIN_DATE.toEpochDay() - PG_EPOCH_DAY) * MICROS_PER_DAY;
    /** 294277-01-01 00:00, the first timestamp past the range, in microseconds since 2000. */
    static final long END_TIMESTAMP = (LocalDate.of(294_277, 1, 1).toEpochDay() - PG_EPOCH_DAY) * MICROS_PER_DAY;
    /** Timezone displacement limit of timetz (exclusive): 16 hours. */
    static final int TZDISP_LIMIT = 16 * 3600;

    // ---- conversions ----

    /** Nanoseconds to microseconds, to the nearest, ties to even (the server's rint()). */
    static long roundNanos(long nanos) {
        long q = Math.floorDiv(nanos, 1000);
        long r = Math.floorMod(nanos, 1000);
        if (r > 500 || (r == 500 && (q & 1) != 0)) {
            q++;
        }
        return q;
    }

    static int dateToPg(LocalDate d) {
        if (d.equals(LocalDate.MAX)) {
            return Integer.MAX_VALUE;
        }
        if (d.equals(LocalDate.MIN)) {
            return Integer.MIN_VALUE;
        }
        if (d.isBefore(MIN_DATE) || d.isAfter(MAX_DATE)) {
            throw new DataException("date out of PostgreSQL's range (4714-11-24 BC to 5874897-12-31): " + d);
        }
        return (int) (d.toEpochDay() - PG_EPOCH_DAY);
    }

    static LocalDate pgToDate(int days) {
        if (days == Integer.MAX_VALUE) {
            return LocalDate.MAX;
        }
        if (days == Integer.MIN_VALUE) {
            return LocalDate.MIN;
        }
        return LocalDate.ofEpochDay(days + PG_EPOCH_DAY);
    }

    static long timeToPg(LocalTime t) {
        return roundNanos(t.toNanoOfDay()); // up to 86400000000 = 24:00:00, which PostgreSQL accepts
    }

    static LocalTime pgToTime(long micros) {
        if (micros == MICROS_PER_DAY) {
            return LocalTime.MAX;
        }
        if (micros < 0 || micros > MICROS_PER_DAY) {
            throw new DataException("time value out of range: " + micros + " microseconds");
        }
        return LocalTime.ofNanoOfDay(micros * 1000);
    }

    private static void checkTimestamp(long micros, Object value) {
        if (micros < MIN_TIMESTAMP || micros >= END_TIMESTAMP) {
            throw new DataException("timestamp out of PostgreSQL's range (4714-11-24 BC to 294276-12-31): " + value);
        }
    }

    static long timestampToPg(LocalDateTime v) {
        if (v.equals(LocalDateTime.MAX)) {
            return Long.MAX_VALUE;
        }
        if (v.equals(LocalDateTime.MIN)) {
            return Long.MIN_VALUE;
        }
        long days = v.toLocalDate().toEpochDay() - PG_EPOCH_DAY;
        if (days < MIN_TIMESTAMP / MICROS_PER_DAY - 1 || days > END_TIMESTAMP / MICROS_PER_DAY) {
            throw new DataException("timestamp out of PostgreSQL's range (4714-11-24 BC to 294276-12-31): " + v);
        }
        long micros = days * MICROS_PER_DAY + roundNanos(v.toLocalTime().toNanoOfDay());
        checkTimestamp(micros, v);
        return micros;
    }

    static LocalDateTime pgToTimestamp(long micros) {
        if (micros == Long.MAX_VALUE) {
            return LocalDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return LocalDateTime.MIN;
        }
        long days = Math.floorDiv(micros, MICROS_PER_DAY);
        long rem = Math.floorMod(micros, MICROS_PER_DAY);
        return LocalDateTime.of(LocalDate.ofEpochDay(days + PG_EPOCH_DAY), LocalTime.ofNanoOfDay(rem * 1000));
    }

    static long instantToPg(Instant v) {
        if (v.equals(Instant.MAX)) {
            return Long.MAX_VALUE;
        }
        if (v.equals(Instant.MIN)) {
            return Long.MIN_VALUE;
        }
        long seconds = v.getEpochSecond() - PG_EPOCH_SECOND;
        if (seconds < MIN_TIMESTAMP / 1_000_000 - 1 || seconds > END_TIMESTAMP / 1_000_000) {
            throw new DataException("timestamptz out of PostgreSQL's range (4714-11-24 BC to 294276-12-31): " + v);
        }
        long micros = seconds * 1_000_000 + roundNanos(v.getNano());
        checkTimestamp(micros, v);
        return micros;
    }

    static long offsetDateTimeToPg(OffsetDateTime v) {
        if (v.equals(OffsetDateTime.MAX)) {
            return Long.MAX_VALUE;
        }
        if (v.equals(OffsetDateTime.MIN)) {
            return Long.MIN_VALUE;
        }
        return instantToPg(v.toInstant());
    }

    static Instant pgToInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000) + PG_EPOCH_SECOND,
                Math.floorMod(micros, 1_000_000) * 1000);
    }

    static OffsetDateTime pgToTimestamptz(long micros, LoadContext ctx) {
        if (micros == Long.MAX_VALUE) {
            return OffsetDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return OffsetDateTime.MIN;
        }
        return OffsetDateTime.ofInstant(pgToInstant(micros), ctx.timeZone());
    }

    static int zoneToPg(ZoneOffset offset) {
        int west = -offset.getTotalSeconds();
        if (west <= -TZDISP_LIMIT || west >= TZDISP_LIMIT) {
            throw new DataException("time zone displacement out of PostgreSQL's range (under 16 hours): " + offset);
        }
        return west;
    }

    // ---- date ----

    static final Loader<LocalDate> DATE_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 4, "date");
        return pgToDate(Bytes.getInt(b, off));
    };

    static final Loader<LocalDate> DATE_TEXT = (b, off, len, ctx) -> {
        int inf = DateTimeText.infinity(b, off, len);
        if (inf != 0) {
            return inf > 0 ? LocalDate.MAX : LocalDate.MIN;
        }
        DateTimeText t = new DateTimeText(b, off, len, "date");
        t.date();
        LocalDate d = t.makeDate(t.bc());
        t.finish();
        return d;
    };

    static String dateText(LocalDate d) {
        if (d.equals(LocalDate.MAX)) {
            return "infinity";
        }
        if (d.equals(LocalDate.MIN)) {
            return "-infinity";
        }
        StringBuilder sb = DateTimeText.appendDate(new StringBuilder(16), d);
        return d.getYear() <= 0 ? sb.append(" BC").toString() : sb.toString();
    }

    static final Dumper<LocalDate> DATE_DUMPER = new SimpleDumper<>(Oids.DATE, Format.BINARY,
            (v, out) -> out.writeInt(dateToPg(v)),
            v -> {
                dateToPg(v); // range check
                return "'" + dateText(v) + "'::date";
            });

    // ---- time ----

    static final Loader<LocalTime> TIME_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 8, "time");
        return pgToTime(Bytes.getLong(b, off));
    };

    static final Loader<LocalTime> TIME_TEXT = (b, off, len, ctx) -> {
        DateTimeText t = new DateTimeText(b, off, len, "time");
        LocalTime v = t.time();
        t.finish();
        return v;
    };

    static final Dumper<LocalTime> TIME_DUMPER = new SimpleDumper<>(Oids.TIME, Format.BINARY,
            (v, out) -> out.writeLong(timeToPg(v)),
            v -> "'" + DateTimeText.appendTime(new StringBuilder(20), timeToPg(v)) + "'::time");

    // ---- timetz ----

    static final Loader<OffsetTime> TIMETZ_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 12, "timetz");
        LocalTime t = pgToTime(Bytes.getLong(b, off));
        int west = Bytes.getInt(b, off + 8);
        if (west <= -TZDISP_LIMIT || west >= TZDISP_LIMIT) {
            throw new DataException("bad timetz binary value: zone displacement " + west);
        }
        return OffsetTime.of(t, ZoneOffset.ofTotalSeconds(-west));
    };

    static final Loader<OffsetTime> TIMETZ_TEXT = (b, off, len, ctx) -> {
        DateTimeText t = new DateTimeText(b, off, len, "timetz");
        LocalTime time = t.time();
        ZoneOffset offset = t.offset();
        t.finish();
        return OffsetTime.of(time, offset);
    };

    static final Dumper<OffsetTime> TIMETZ_DUMPER = new SimpleDumper<>(Oids.TIMETZ, Format.BINARY,
            (v, out) -> {
                int west = zoneToPg(v.getOffset());
                out.writeLong(timeToPg(v.toLocalTime())).writeInt(west);
            },
            v -> {
                zoneToPg(v.getOffset());
                StringBuilder sb = new StringBuilder(32).append('\'');
                DateTimeText.appendTime(sb, timeToPg(v.toLocalTime()));
                return DateTimeText.appendOffset(sb, v.getOffset()).append("'::timetz").toString();
            });

    // ---- timestamp ----

    static final Loader<LocalDateTime> TIMESTAMP_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 8, "timestamp");
        return pgToTimestamp(Bytes.getLong(b, off));
    };

    static final Loader<LocalDateTime> TIMESTAMP_TEXT = (b, off, len, ctx) -> {
        int inf = DateTimeText.infinity(b, off, len);
        if (inf != 0) {
            return inf > 0 ? LocalDateTime.MAX : LocalDateTime.MIN;
        }
        DateTimeText t = new DateTimeText(b, off, len, "timestamp");
        t.date();
        t.space();
        LocalTime time = t.time();
        LocalDate d = t.makeDate(t.bc());
        t.finish();
        return time == LocalTime.MAX ? d.plusDays(1).atStartOfDay() : d.atTime(time);
    };

    /** The text form of a timestamp already rounded to microseconds. */
    static String timestampText(LocalDateTime v, ZoneOffset offset) {
        StringBuilder sb = new StringBuilder(40);
        DateTimeText.appendDate(sb, v.toLocalDate()).append(' ');
        DateTimeText.appendTime(sb, v.toLocalTime().toNanoOfDay() / 1000);
        if (offset != null) {
            DateTimeText.appendOffset(sb, offset);
        }
        return DateTimeText.appendBc(sb, v).toString();
    }

    static String quoteTimestamp(LocalDateTime v) {
        long micros = timestampToPg(v);
        if (micros == Long.MAX_VALUE) {
            return "'infinity'::timestamp";
        }
        if (micros == Long.MIN_VALUE) {
            return "'-infinity'::timestamp";
        }
        return "'" + timestampText(pgToTimestamp(micros), null) + "'::timestamp";
    }

    static final Dumper<LocalDateTime> TIMESTAMP_DUMPER = new SimpleDumper<>(Oids.TIMESTAMP, Format.BINARY,
            (v, out) -> out.writeLong(timestampToPg(v)), DateTimeCodecs::quoteTimestamp);

    // ---- timestamptz ----

    static final Loader<OffsetDateTime> TIMESTAMPTZ_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 8, "timestamptz");
        return pgToTimestamptz(Bytes.getLong(b, off), ctx);
    };

    /** Keeps the offset the server wrote (that of the session's time zone at that instant). */
    static final Loader<OffsetDateTime> TIMESTAMPTZ_TEXT = (b, off, len, ctx) -> {
        int inf = DateTimeText.infinity(b, off, len);
        if (inf != 0) {
            return inf > 0 ? OffsetDateTime.MAX : OffsetDateTime.MIN;
        }
        DateTimeText t = new DateTimeText(b, off, len, "timestamptz");
        t.date();
        t.space();
        LocalTime time = t.time();
        ZoneOffset offset = t.offset();
        LocalDate d = t.makeDate(t.bc());
        t.finish();
        LocalDateTime ldt = time == LocalTime.MAX ? d.plusDays(1).atStartOfDay() : d.atTime(time);
        return OffsetDateTime.of(ldt, offset);
    };

    /** A timestamptz literal at the given offset, e.g. {@code '2024-01-31 12:00:00+01:00'::timestamptz}. */
    static String quoteTimestamptz(long micros, ZoneOffset offset) {
        if (micros == Long.MAX_VALUE) {
            return "'infinity'::timestamptz";
        }
        if (micros == Long.MIN_VALUE) {
            return "'-infinity'::timestamptz";
        }
        if (Math.abs(offset.getTotalSeconds()) >= TZDISP_LIMIT) {
            offset = ZoneOffset.UTC; // the server rejects displacements of 16 hours or more
        }
        LocalDateTime local = LocalDateTime.ofInstant(pgToInstant(micros), offset);
        return "'" + timestampText(local, offset) + "'::timestamptz";
    }

    static final Dumper<OffsetDateTime> OFFSET_DATE_TIME_DUMPER = new SimpleDumper<>(Oids.TIMESTAMPTZ,
            Format.BINARY, (v, out) -> out.writeLong(offsetDateTimeToPg(v)),
            v -> quoteTimestamptz(offsetDateTimeToPg(v), v.getOffset()));

    static final Dumper<ZonedDateTime> ZONED_DATE_TIME_DUMPER = new SimpleDumper<>(Oids.TIMESTAMPTZ,
            Format.BINARY, (v, out) -> out.writeLong(instantToPg(v.toInstant())),
            v -> quoteTimestamptz(instantToPg(v.toInstant()), v.getOffset()));

    static final Dumper<Instant> INSTANT_DUMPER = new SimpleDumper<>(Oids.TIMESTAMPTZ,
            Format.BINARY, (v, out) -> out.writeLong(instantToPg(v)),
            v -> quoteTimestamptz(instantToPg(v), ZoneOffset.UTC));
}
