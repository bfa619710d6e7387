package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * Parsing and formatting of the ISO text forms of dates and times ({@code DateStyle=ISO}):
 * {@code 2024-01-31}, {@code 0044-03-15 BC}, {@code 12:34:56.789}, {@code +05:30},
 * {@code 2024-01-31 12:34:56.789+01 BC}. A parse walks the bytes with an index held in this
 * small cursor object.
 */
final class DateTimeText {
    private final byte[] b;
    private final int start;
    private final int end;
    private final String type;
    private int i;

    DateTimeText(byte[] b, int off, int len, String type) {
        this.b = b;
        this.start = off;
        this.end = off + len;
        this.i = off;
        this.type = type;
    }

    DataException bad() {
        return Bytes.bad(type, b, start, end - start);
    }

    boolean atEnd() {
        return i >= end;
    }

    private int number(int minDigits, int maxDigits) {
        int n = 0;
        int v = 0;
        while (i < end && n < maxDigits) {
            int d = Bytes.digit(b[i]);
            if (d < 0) {
                break;
            }
            v = v * 10 + d;
            i++;
            n++;
        }
        if (n < minDigits) {
            throw bad();
        }
        return v;
    }

    private void expect(char c) {
        if (i >= end || b[i] != c) {
            throw bad();
        }
        i++;
    }

    private int year;
    private int month;
    private int day;

    /** Reads {@code YYYY-MM-DD}; {@link #makeDate} builds it once a trailing BC is known. */
    void date() {
        year = number(1, 9);
        expect('-');
        month = number(2, 2);
        expect('-');
        day = number(2, 2);
    }

    /** The date read by {@link #date()}; a BC year Y is ISO year 1 - Y (1 BC is year 0). */
    LocalDate makeDate(boolean bc) {
        try {
            return LocalDate.of(bc ? 1 - year : year, month, day);
        } catch (DateTimeException e) {
            throw bad();
        }
    }

    /** {@code HH:MM:SS[.fffffffff]}; {@code 24:00:00} becomes {@code LocalTime.MAX}. */
    LocalTime time() {
        int h = number(2, 2);
        expect(':');
        int m = number(2, 2);
        expect(':');
        int s = number(2, 2);
        int nanos = 0;
        if (i < end && b[i] == '.') {
            i++;
            int digits = 0;
            while (i < end && Bytes.digit(b[i]) >= 0) {
                if (digits < 9) {
                    nanos = nanos * 10 + (b[i] - '0');
                    digits++;
                }
                i++;
            }
            if (digits == 0) {
                throw bad();
            }
            for (; digits < 9; digits++) {
                nanos *= 10;
            }
        }
        if (h == 24 && m == 0 && s == 0 && nanos == 0) {
            return LocalTime.MAX;
        }
        try {
            return LocalTime.of(h, m, s, nanos);
        } catch (DateTimeException e) {
            throw bad();
        }
    }

    /** {@code [+-]HH[:MM[:SS]]}. */
    ZoneOffset offset() {
        if (i >= end || (b[i] != '+' && b[i] != '-')) {
            throw bad();
        }
        boolean neg = b[i++] == '-';
        int h = number(1, 2);
        int m = 0;
        int s = 0;
        if (i < end && b[i] == ':') {
            i++;
            m = number(2, 2);
            if (i < end && b[i] == ':') {
                i++;
                s = number(2, 2);
            }
        }
        try {
            return neg ? ZoneOffset.ofHoursMinutesSeconds(-h, -m, -s) : ZoneOffset.ofHoursMinutesSeconds(h, m, s);
        } catch (DateTimeException e) {
            throw bad();
        }
    }

    void space() {
        expect(' ');
    }

    /** Consumes a trailing {@code " BC"} if present. */
    boolean bc() {
        if (end - i == 3 && b[i] == ' ' && b[i + 1] == 'B' && b[i + 2] == 'C') {
            i += 3;
            return true;
        }
        return false;
    }

    void finish() {
        if (i != end) {
            throw bad();
        }
    }

    /** 0: not infinity, 1: {@code infinity}, -1: {@code -infinity}. */
    static int infinity(byte[] b, int off, int len) {
        if (len == 8 && Bytes.equalsAscii(b, off, len, "infinity")) {
            return 1;
        }
        if (len == 9 && Bytes.equalsAscii(b, off, len, "-infinity")) {
            return -1;
        }
        return 0;
    }

    // ---- formatting ----

    /** {@code YYYY-MM-DD}, the year as PostgreSQL writes it (at least 4 digits, never negative). */
    static StringBuilder appendDate(StringBuilder sb, LocalDate d) {
        int y = d.getYear();
        int shown = y <= 0 ? 1 - y : y;
        if (shown < 1000) {
            sb.append(shown < 10 ? "000" : shown < 100 ? "00" : "0");
        }
        sb.append(shown).append('-');
        pad2(sb, d.getMonthValue()).append('-');
        return pad2(sb, d.getDayOfMonth());
    }

    /** {@code HH:MM:SS[.ffffff]} without trailing zeros; microseconds of {@code t} only. */
    static StringBuilder appendTime(StringBuilder sb, long microsOfDay) {
        long secs = microsOfDay / 1_000_000;
        int fraction = (int) (microsOfDay % 1_000_000);
        pad2(sb, (int) (secs / 3600)).append(':');
        pad2(sb, (int) (secs / 60 % 60)).append(':');
        pad2(sb, (int) (secs % 60));
        return appendFraction(sb, fraction);
    }

    static StringBuilder appendFraction(StringBuilder sb, int micros) {
        if (micros != 0) {
            String f = Integer.toString(1_000_000 + micros).substring(1);
            int n = f.length();
            while (f.charAt(n - 1) == '0') {
                n--;
            }
            sb.append('.').append(f, 0, n);
        }
        return sb;
    }

    /** {@code +HH:MM[:SS]}. */
    static StringBuilder appendOffset(StringBuilder sb, ZoneOffset offset) {
        int total = offset.getTotalSeconds();
        sb.append(total < 0 ? '-' : '+');
        total = Math.abs(total);
        pad2(sb, total / 3600).append(':');
        pad2(sb, total / 60 % 60);
        if (total % 60 != 0) {
            pad2(sb.append(':'), total % 60);
        }
        return sb;
    }

    static StringBuilder appendBc(StringBuilder sb, LocalDateTime ldt) {
        return ldt.getYear() <= 0 ? sb.append(" BC") : sb;
    }

    static StringBuilder pad2(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }
}
