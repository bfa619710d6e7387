package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.time.Duration;
import java.time.Period;

/**
 * {@code interval}: binary is int64 microseconds, int32 days, int32 months (in that order);
 * text is read in every {@code IntervalStyle} (see {@link Interval#parse}).
 */
final class IntervalCodec {
    private IntervalCodec() {
    }

    static final long MICROS_PER_SECOND = 1_000_000L;
    static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;

    static final Loader<Interval> BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 16, "interval");
        return new Interval(Bytes.getInt(b, off + 12), Bytes.getInt(b, off + 8), Bytes.getLong(b, off));
    };

    static final Loader<Interval> TEXT = (b, off, len, ctx) -> parse(b, off, len);

    static void write(Interval v, ByteSink out) {
        out.writeLong(v.microseconds()).writeInt(v.days()).writeInt(v.months());
    }

    static String quote(Interval v) {
        return "'" + format(v, true) + "'::interval";
    }

    static Interval ofDuration(Duration d) {
        try {
            return Interval.of(d);
        } catch (ArithmeticException e) {
            throw new DataException("duration out of interval's range: " + d, e);
        }
    }

    static Interval ofPeriod(Period p) {
        try {
            return Interval.of(p);
        } catch (ArithmeticException e) {
            throw new DataException("period out of interval's range: " + p, e);
        }
    }

    static final Dumper<Interval> DUMPER = new SimpleDumper<>(Oids.INTERVAL, Format.BINARY,
            IntervalCodec::write, IntervalCodec::quote);
    static final Dumper<Duration> DURATION_DUMPER = new SimpleDumper<>(Oids.INTERVAL, Format.BINARY,
            (v, out) -> write(ofDuration(v), out), v -> quote(ofDuration(v)));
    static final Dumper<Period> PERIOD_DUMPER = new SimpleDumper<>(Oids.INTERVAL, Format.BINARY,
            (v, out) -> write(ofPeriod(v), out), v -> quote(ofPeriod(v)));

    // ---- formatting ----

    /**
     * The {@code IntervalStyle=postgres} text. With {@code explicitSigns}, every field after
     * the first carries its sign, so that the server reads it back the same in every
     * {@code IntervalStyle} (in {@code sql_standard}, a leading minus would otherwise
     * extend to unsigned fields after it).
     */
    static String format(Interval v, boolean explicitSigns) {
        if (v.equals(Interval.POSITIVE_INFINITY)) {
            return "infinity";
        }
        if (v.equals(Interval.NEGATIVE_INFINITY)) {
            return "-infinity";
        }
        StringBuilder sb = new StringBuilder(40);
        int[] state = {1, 0}; // isZero, isBefore
        part(sb, v.months() / 12, "year", state, explicitSigns);
        part(sb, v.months() % 12, "mon", state, explicitSigns);
        part(sb, v.days(), "day", state, explicitSigns);
        long us = v.microseconds();
        boolean isZero = state[0] == 1;
        if (isZero || us != 0) {
            if (!isZero) {
                sb.append(' ');
            }
            if (us < 0) {
                sb.append('-');
            } else if (!isZero && (state[1] == 1 || explicitSigns)) {
                sb.append('+');
            }
            long hours = Math.abs(us / MICROS_PER_HOUR);
            if (hours < 10) {
                sb.append('0');
            }
            sb.append(hours).append(':');
            DateTimeText.pad2(sb, (int) Math.abs(us / MICROS_PER_MINUTE % 60)).append(':');
            DateTimeText.pad2(sb, (int) Math.abs(us / MICROS_PER_SECOND % 60));
            DateTimeText.appendFraction(sb, (int) Math.abs(us % MICROS_PER_SECOND));
        }
        return sb.toString();
    }

    private static void part(StringBuilder sb, int value, String unit, int[] state, boolean explicitSigns) {
        if (value == 0) {
            return;
        }
        boolean isZero = state[0] == 1;
        if (!isZero) {
            sb.append(' ');
            if (value > 0 && (state[1] == 1 || explicitSigns)) {
                sb.append('+');
            }
        }
        sb.append(value).append(' ').append(unit);
        if (value != 1) {
            sb.append('s');
        }
        state[0] = 0;
        state[1] = value < 0 ? 1 : 0;
    }

    // ---- parsing ----

    /** Accumulates fields; slot 0 is the first field, slot 1 the others (sql_standard sign rule). */
    private static final class Acc {
        final byte[] b;
        final int off;
        final int len;
        final long[] months = new long[2];
        final long[] days = new long[2];
        final long[] micros = new long[2];

        Acc(byte[] b, int off, int len) {
            this.b = b;
            this.off = off;
            this.len = len;
        }

        DataException bad() {
            return Bytes.bad("interval", b, off, len);
        }

        long add(long a, long x) {
            try {
                return Math.addExact(a, x);
            } catch (ArithmeticException e) {
                throw new DataException("interval out of range: " + Bytes.excerpt(b, off, len));
            }
        }

        long sub(long a, long x) {
            try {
                return Math.subtractExact(a, x);
            } catch (ArithmeticException e) {
                throw new DataException("interval out of range: " + Bytes.excerpt(b, off, len));
            }
        }

        long mul(long a, long x) {
            try {
                return Math.multiplyExact(a, x);
            } catch (ArithmeticException e) {
                throw new DataException("interval out of range: " + Bytes.excerpt(b, off, len));
            }
        }

        Interval result(boolean negateRest, boolean negateAll) {
            long m = months[0];
            long d = days[0];
            long u = micros[0];
            if (negateRest) {
                m = add(m, -months[1]);
                d = add(d, -days[1]);
                u = sub(u, micros[1]);
            } else {
                m = add(m, months[1]);
                d = add(d, days[1]);
                u = add(u, micros[1]);
            }
            if (negateAll) {
                m = -m;
                d = -d;
                u = mul(u, -1);
            }
            if (m != (int) m || d != (int) d) {
                throw new DataException("interval out of range: " + Bytes.excerpt(b, off, len));
            }
            return new Interval((int) m, (int) d, u);
        }
    }

    /** A parsed {@code [+-]digits[.digits]}: integer part, fraction in nanoseconds (billionths). */
    private static final class Num {
        boolean signed;
        boolean negative;
        long integer;
        long nanos;
        boolean fraction;
        int end;
    }

    /** Parses a number at {@code i}; returns null if there is no digit there. */
    private static Num number(Acc acc, byte[] b, int i, int end, boolean allowSign) {
        Num n = new Num();
        if (allowSign && i < end && (b[i] == '+' || b[i] == '-')) {
            n.signed = true;
            n.negative = b[i] == '-';
            i++;
        }
        int digits = 0;
        long v = 0;
        while (i < end && Bytes.digit(b[i]) >= 0) {
            v = acc.add(acc.mul(v, 10), b[i] - '0');
            i++;
            digits++;
        }
        if (i < end && b[i] == '.') {
            i++;
            n.fraction = true;
            long f = 0;
            int fd = 0;
            while (i < end && Bytes.digit(b[i]) >= 0) {
                if (fd < 9) {
                    f = f * 10 + (b[i] - '0');
                    fd++;
                }
                i++;
                digits++;
            }
            for (; fd < 9; fd++) {
                f *= 10;
            }
            n.nanos = f;
        }
        if (digits == 0) {
            return null;
        }
        n.integer = v;
        n.end = i;
        return n;
    }

    /** Micros for a number of a time unit, the fraction rounded half-even. */
    private static long micros(Acc acc, Num n, long unit) {
        long whole = acc.mul(n.integer, unit);
        long frac = 0;
        if (n.nanos != 0) {
            // nanos are billionths of the unit; unit <= 1 hour keeps the product below 2^63
            long p = n.nanos * unit;
            frac = p / 1_000_000_000L;
            long r = p % 1_000_000_000L;
            if (r > 500_000_000L || (r == 500_000_000L && (frac & 1) != 0)) {
                frac++;
            }
        }
        // add the signed parts separately, so that -2^63 is reachable
        return n.negative ? acc.add(-whole, -frac) : acc.add(whole, frac);
    }

    static Interval parse(byte[] b, int off, int len) {
        int end = off + len;
        int s = off;
        while (s < end && b[s] == ' ') {
            s++;
        }
        while (end > s && b[end - 1] == ' ') {
            end--;
        }
        int inf = DateTimeText.infinity(b, s, end - s);
        if (inf != 0) {
            return inf > 0 ? Interval.POSITIVE_INFINITY : Interval.NEGATIVE_INFINITY;
        }
        Acc acc = new Acc(b, off, len);
        if (s < end && b[s] == 'P') {
            return parseIso(acc, b, s + 1, end);
        }
        if (s == end) {
            throw acc.bad();
        }
        boolean units = false;
        boolean ago = false;
        boolean verbose = false;
        boolean firstNegative = false;
        boolean otherSigns = false;
        int field = 0;
        int i = s;
        while (i < end) {
            int ts = i;
            while (i < end && b[i] != ' ') {
                i++;
            }
            int te = i;
            while (i < end && b[i] == ' ') {
                i++;
            }
            if (ago) {
                throw acc.bad(); // "ago" must come last
            }
            byte c = b[ts];
            if (te - ts == 1 && c == '@' && field == 0) {
                units = true;
                verbose = true;
                continue;
            }
            if (Bytes.equalsAscii(b, ts, te - ts, "ago")) {
                ago = true;
                units = true;
                continue;
            }
            boolean signed = c == '+' || c == '-';
            if (field == 0) {
                firstNegative = c == '-';
            } else if (signed) {
                otherSigns = true;
            }
            int slot = field == 0 ? 0 : 1;
            field++;
            if (indexOf(b, ts, te, (byte) ':') >= 0) {
                acc.micros[slot] = acc.add(acc.micros[slot], timeField(acc, b, ts, te));
                continue;
            }
            // a unit word follows?
            int us = i;
            int ue = us;
            while (ue < end && b[ue] != ' ') {
                ue++;
            }
            if (us < end && isLetter(b[us]) && !Bytes.equalsAscii(b, us, ue - us, "ago")) {
                units = true;
                Num n = number(acc, b, ts, te, true);
                if (n == null || n.end != te) {
                    throw acc.bad();
                }
                applyUnit(acc, slot, n, b, us, ue);
                i = ue;
                while (i < end && b[i] == ' ') {
                    i++;
                }
                continue;
            }
            if (units && !verbose) {
                throw acc.bad(); // a number without unit after "1 year"-style fields
            }
            // sql_standard: [+-]Y-M or a bare day count ("@ 0" in postgres_verbose)
            int dash = indexOf(b, signed ? ts + 1 : ts, te, (byte) '-');
            if (dash >= 0) {
                Num y = number(acc, b, ts, dash, true);
                Num m = number(acc, b, dash + 1, te, false);
                if (y == null || m == null || y.end != dash || m.end != te || y.fraction || m.fraction) {
                    throw acc.bad();
                }
                long months = acc.add(acc.mul(y.integer, 12), m.integer);
                acc.months[slot] = acc.add(acc.months[slot], y.negative ? -months : months);
            } else {
                Num d = number(acc, b, ts, te, true);
                if (d == null || d.end != te || d.fraction) {
                    throw acc.bad();
                }
                acc.days[slot] = acc.add(acc.days[slot], d.negative ? -d.integer : d.integer);
            }
        }
        if (field == 0) {
            throw acc.bad();
        }
        return acc.result(!units && firstNegative && !otherSigns, ago);
    }

    private static boolean isLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** {@code [+-]H:MM[:SS[.ffffff]]}: the sign applies to the whole field. */
    private static long timeField(Acc acc, byte[] b, int ts, int te) {
        int i = ts;
        boolean neg = false;
        if (b[i] == '+' || b[i] == '-') {
            neg = b[i] == '-';
            i++;
        }
        int c1 = indexOf(b, i, te, (byte) ':');
        Num h = number(acc, b, i, c1, false);
        if (h == null || h.end != c1 || h.fraction) {
            throw acc.bad();
        }
        int c2 = indexOf(b, c1 + 1, te, (byte) ':');
        int mEnd = c2 < 0 ? te : c2;
        Num m = number(acc, b, c1 + 1, mEnd, false);
        if (m == null || m.end != mEnd || m.integer > 59 || (m.fraction && c2 >= 0)) {
            throw acc.bad();
        }
        // accumulate with the field's sign applied to each part, so that -2^63 is reachable
        m.negative = neg;
        long total = acc.add(acc.mul(h.integer, neg ? -MICROS_PER_HOUR : MICROS_PER_HOUR),
                micros(acc, m, MICROS_PER_MINUTE));
        if (c2 >= 0) {
            Num sec = number(acc, b, c2 + 1, te, false);
            if (sec == null || sec.end != te || sec.integer > 60) {
                throw acc.bad();
            }
            sec.negative = neg;
            total = acc.add(total, micros(acc, sec, MICROS_PER_SECOND));
        }
        return total;
    }

    private static void applyUnit(Acc acc, int slot, Num n, byte[] b, int us, int ue) {
        String unit = new String(b, us, ue - us, java.nio.charset.StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        long sign = n.negative ? -1 : 1;
        switch (unit) {
            case "year", "years", "yr", "yrs", "y" -> {
                noFraction(acc, n);
                acc.months[slot] = acc.add(acc.months[slot], sign * acc.mul(n.integer, 12));
            }
            case "mon", "mons", "month", "months" -> {
                noFraction(acc, n);
                acc.months[slot] = acc.add(acc.months[slot], sign * n.integer);
            }
            case "week", "weeks", "w" -> {
                noFraction(acc, n);
                acc.days[slot] = acc.add(acc.days[slot], sign * acc.mul(n.integer, 7));
            }
            case "day", "days", "d" -> {
                noFraction(acc, n);
                acc.days[slot] = acc.add(acc.days[slot], sign * n.integer);
            }
            case "hour", "hours", "hr", "hrs", "h" ->
                acc.micros[slot] = acc.add(acc.micros[slot], micros(acc, n, MICROS_PER_HOUR));
            case "min", "mins", "minute", "minutes", "m" ->
                acc.micros[slot] = acc.add(acc.micros[slot], micros(acc, n, MICROS_PER_MINUTE));
            case "sec", "secs", "second", "seconds", "s" ->
                acc.micros[slot] = acc.add(acc.micros[slot], micros(acc, n, MICROS_PER_SECOND));
            case "millisecond", "milliseconds", "msec", "msecs", "ms" ->
                acc.micros[slot] = acc.add(acc.micros[slot], micros(acc, n, 1000));
            case "microsecond", "microseconds", "usec", "usecs", "us" ->
                acc.micros[slot] = acc.add(acc.micros[slot], micros(acc, n, 1));
            default -> throw acc.bad();
        }
    }

    private static void noFraction(Acc acc, Num n) {
        if (n.fraction && n.nanos != 0) {
            throw acc.bad();
        }
    }

    /** {@code P[nY][nM][nW][nD][T[nH][nM][nS]]}, each number optionally signed. */
    private static Interval parseIso(Acc acc, byte[] b, int i, int end) {
        boolean time = false;
        boolean any = false;
        while (i < end) {
            if (b[i] == 'T' && !time) {
                time = true;
                i++;
                continue;
            }
            Num n = number(acc, b, i, end, true);
            if (n == null || n.end >= end) {
                throw acc.bad();
            }
            any = true;
            byte u = b[n.end];
            i = n.end + 1;
            long sign = n.negative ? -1 : 1;
            if (!time) {
                noFraction(acc, n);
                switch (u) {
                    case 'Y' -> acc.months[0] = acc.add(acc.months[0], sign * acc.mul(n.integer, 12));
                    case 'M' -> acc.months[0] = acc.add(acc.months[0], sign * n.integer);
                    case 'W' -> acc.days[0] = acc.add(acc.days[0], sign * acc.mul(n.integer, 7));
                    case 'D' -> acc.days[0] = acc.add(acc.days[0], sign * n.integer);
                    default -> throw acc.bad();
                }
            } else {
                long unit = switch (u) {
                    case 'H' -> MICROS_PER_HOUR;
                    case 'M' -> MICROS_PER_MINUTE;
                    case 'S' -> MICROS_PER_SECOND;
                    default -> throw acc.bad();
                };
                acc.micros[0] = acc.add(acc.micros[0], micros(acc, n, unit));
            }
        }
        if (!any) {
            throw acc.bad();
        }
        return acc.result(false, false);
    }
}
