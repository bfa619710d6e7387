package dev.tusk.types;

import static dev.tusk.types.Codec.binary;
import static dev.tusk.types.Codec.dump;
import static dev.tusk.types.Codec.dumpHex;
import static dev.tusk.types.Codec.quote;
import static dev.tusk.types.Codec.roundTrip;
import static dev.tusk.types.Codec.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DataException;
import java.time.Duration;
import java.time.Period;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntervalTest {

    private static final long H = 3_600_000_000L;
    private static final long M = 60_000_000L;
    private static final long S = 1_000_000L;

    private static Interval iv(int months, int days, long micros) {
        return new Interval(months, days, micros);
    }

    /** 1 year 2 mons -3 days +04:05:06.789 */
    private static final Interval SAMPLE = iv(14, -3, 4 * H + 5 * M + 6_789_000);

    @Test
    void binary() {
        // time int64, days int32, months int32
        assertThat(Codec.binary(Oids.INTERVAL, "00000000002dc6c0 00000002 00000001")).isEqualTo(iv(1, 2, 3 * S));
        assertThat(Codec.binary(Oids.INTERVAL, "ffffffffffffffff fffffffd 0000000e")).isEqualTo(iv(14, -3, -1));
        assertThat(dumpHex(iv(1, 2, 3 * S))).isEqualTo("00000000002dc6c00000000200000001");
        assertThat(Codec.binary(Oids.INTERVAL, "7fffffffffffffff 7fffffff 7fffffff")).isEqualTo(Interval.POSITIVE_INFINITY);
        assertThat(Codec.binary(Oids.INTERVAL, "8000000000000000 80000000 80000000")).isEqualTo(Interval.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> Codec.binary(Oids.INTERVAL, "00000000002dc6c0 00000002")).isInstanceOf(DataException.class);
    }

    @Test
    void postgresStyle() {
        assertThat(text(Oids.INTERVAL, "1 year 2 mons -3 days +04:05:06.789")).isEqualTo(SAMPLE);
        assertThat(text(Oids.INTERVAL, "-00:00:01")).isEqualTo(iv(0, 0, -S));
        assertThat(text(Oids.INTERVAL, "00:00:00")).isEqualTo(Interval.ZERO);
        assertThat(text(Oids.INTERVAL, "3 days")).isEqualTo(iv(0, 3, 0));
        assertThat(text(Oids.INTERVAL, "1 day")).isEqualTo(iv(0, 1, 0));
        assertThat(text(Oids.INTERVAL, "-1 years -2 mons +3 days -04:05:06")).isEqualTo(iv(-14, 3, -(4 * H + 5 * M + 6 * S)));
        assertThat(text(Oids.INTERVAL, "2562047788:00:54.775807")).isEqualTo(iv(0, 0, Long.MAX_VALUE));
        assertThat(text(Oids.INTERVAL, "-2562047788:00:54.775808")).isEqualTo(iv(0, 0, Long.MIN_VALUE));
        assertThat(text(Oids.INTERVAL, "178956970 years 7 mons")).isEqualTo(iv(Integer.MAX_VALUE, 0, 0));
        assertThat(text(Oids.INTERVAL, "00:00:00.000001")).isEqualTo(iv(0, 0, 1));
        assertThat(text(Oids.INTERVAL, "infinity")).isEqualTo(Interval.POSITIVE_INFINITY);
        assertThat(text(Oids.INTERVAL, "-infinity")).isEqualTo(Interval.NEGATIVE_INFINITY);
    }

    @Test
    void postgresVerboseStyle() {
        assertThat(text(Oids.INTERVAL, "@ 1 year 2 mons -3 days 4 hours 5 mins 6.789 secs")).isEqualTo(SAMPLE);
        assertThat(text(Oids.INTERVAL, "@ 1 year 2 mons 3 days 4 hours 5 mins 6.789 secs ago"))
                .isEqualTo(iv(-14, -3, -(4 * H + 5 * M + 6_789_000)));
        assertThat(text(Oids.INTERVAL, "@ 1 sec ago")).isEqualTo(iv(0, 0, -S));
        assertThat(text(Oids.INTERVAL, "@ 0")).isEqualTo(Interval.ZERO);
        assertThat(text(Oids.INTERVAL, "@ 0.5 secs")).isEqualTo(iv(0, 0, 500_000));
    }

    @Test
    void sqlStandardStyle() {
        assertThat(text(Oids.INTERVAL, "+1-2 -3 +4:05:06.789")).isEqualTo(SAMPLE);
        assertThat(text(Oids.INTERVAL, "1-2")).isEqualTo(iv(14, 0, 0));
        assertThat(text(Oids.INTERVAL, "-1-2")).isEqualTo(iv(-14, 0, 0));
        assertThat(text(Oids.INTERVAL, "3 4:05:06")).isEqualTo(iv(0, 3, 4 * H + 5 * M + 6 * S));
        // a leading minus applies to every field when no other field has a sign
        assertThat(text(Oids.INTERVAL, "-3 4:05:06")).isEqualTo(iv(0, -3, -(4 * H + 5 * M + 6 * S)));
        assertThat(text(Oids.INTERVAL, "-3 +4:05:06")).isEqualTo(iv(0, -3, 4 * H + 5 * M + 6 * S));
        assertThat(text(Oids.INTERVAL, "-4:05:06.5")).isEqualTo(iv(0, 0, -(4 * H + 5 * M + 6_500_000)));
        assertThat(text(Oids.INTERVAL, "0")).isEqualTo(Interval.ZERO);
        assertThat(text(Oids.INTERVAL, "-1-2 -3 -4:05:06")).isEqualTo(iv(-14, -3, -(4 * H + 5 * M + 6 * S)));
    }

    @Test
    void iso8601Style() {
        assertThat(text(Oids.INTERVAL, "P1Y2M-3DT4H5M6.789S")).isEqualTo(SAMPLE);
        assertThat(text(Oids.INTERVAL, "PT0S")).isEqualTo(Interval.ZERO);
        assertThat(text(Oids.INTERVAL, "P-1Y-2M3DT-4H-5M-6.789S")).isEqualTo(iv(-14, 3, -(4 * H + 5 * M + 6_789_000)));
        assertThat(text(Oids.INTERVAL, "PT-0.000001S")).isEqualTo(iv(0, 0, -1));
        assertThat(text(Oids.INTERVAL, "P2W")).isEqualTo(iv(0, 14, 0));
        assertThat(text(Oids.INTERVAL, "PT1.5H")).isEqualTo(iv(0, 0, 90 * M));
    }

    @Test
    void malformedText() {
        for (String bad : new String[] {"", "P", "PT", "P1", "P1X", "1 fortnight", "1 year 2", "ago", "1 day ago 2 days",
            "12:3a:00", "1.5 years", "1--2", "abc", "1 year+", "P1.5Y", "99999999999 years", "9999999999:00:00:00",
            "2562047788:00:54.775808"}) {
            assertThatThrownBy(() -> text(Oids.INTERVAL, bad)).as(bad).isInstanceOf(DataException.class);
        }
    }

    @Test
    void toStringIsPostgresStyle() {
        assertThat(SAMPLE.toString()).isEqualTo("1 year 2 mons -3 days +04:05:06.789");
        assertThat(Interval.ZERO.toString()).isEqualTo("00:00:00");
        assertThat(iv(0, 0, -S).toString()).isEqualTo("-00:00:01");
        assertThat(iv(0, 3, 0).toString()).isEqualTo("3 days");
        assertThat(iv(-14, 3, -(4 * H)).toString()).isEqualTo("-1 years -2 mons +3 days -04:00:00");
        assertThat(iv(1, 1, 0).toString()).isEqualTo("1 mon 1 day");
        assertThat(iv(0, 0, Long.MAX_VALUE).toString()).isEqualTo("2562047788:00:54.775807");
        assertThat(Interval.POSITIVE_INFINITY.toString()).isEqualTo("infinity");
        assertThat(Interval.parse(SAMPLE.toString())).isEqualTo(SAMPLE);
    }

    @Test
    void quotesHaveExplicitSigns() {
        assertThat(quote(SAMPLE)).isEqualTo("'1 year +2 mons -3 days +04:05:06.789'::interval");
        assertThat(quote(iv(1, 2, S))).isEqualTo("'1 mon +2 days +00:00:01'::interval");
        assertThat(quote(iv(-1, 2, S))).isEqualTo("'-1 mons +2 days +00:00:01'::interval");
        assertThat(quote(Interval.ZERO)).isEqualTo("'00:00:00'::interval");
        assertThat(quote(Duration.ofMinutes(90))).isEqualTo("'01:30:00'::interval");
        assertThat(quote(Period.of(1, 2, 3))).isEqualTo("'1 year +2 mons +3 days'::interval");
        assertThat(quote(Interval.NEGATIVE_INFINITY)).isEqualTo("'-infinity'::interval");
    }

    @Test
    void durationAndPeriodDumpAsInterval() {
        assertThat(Codec.A.dumperFor(Duration.ZERO).oid()).isEqualTo(Oids.INTERVAL);
        assertThat(Codec.A.dumperFor(Period.ZERO).oid()).isEqualTo(Oids.INTERVAL);
        assertThat(roundTrip(Duration.ofHours(25).plusNanos(1_500))).isEqualTo(iv(0, 0, 25 * H + 2));
        assertThat(roundTrip(Period.of(2, -1, 40))).isEqualTo(iv(23, 40, 0));
        assertThatThrownBy(() -> dump(Duration.ofSeconds(Long.MAX_VALUE))).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> dump(Period.ofYears(Integer.MAX_VALUE))).isInstanceOf(DataException.class);
    }

    @Test
    void conversions() {
        assertThat(Interval.of(Duration.ofMillis(-1500))).isEqualTo(iv(0, 0, -1_500_000));
        assertThat(Interval.of(Duration.ofNanos(500))).isEqualTo(iv(0, 0, 0));
        assertThat(Interval.of(Duration.ofNanos(1500))).isEqualTo(iv(0, 0, 2));
        assertThat(Interval.of(Period.of(1, 2, 3))).isEqualTo(iv(14, 3, 0));
        assertThat(iv(0, 2, 3 * S).toDuration()).isEqualTo(Duration.ofDays(2).plusSeconds(3));
        assertThat(iv(0, 0, -1).toDuration()).isEqualTo(Duration.ofNanos(-1000));
        assertThat(iv(14, 3, 0).toPeriod()).isEqualTo(Period.of(1, 2, 3));
        assertThat(iv(-14, 0, 0).toPeriod()).isEqualTo(Period.of(-1, -2, 0));
        assertThatThrownBy(() -> iv(1, 0, 0).toDuration()).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> iv(0, 0, 1).toPeriod()).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Interval.POSITIVE_INFINITY.toDuration()).isInstanceOf(ArithmeticException.class);
        assertThat(Interval.POSITIVE_INFINITY.isInfinite()).isTrue();
        assertThat(SAMPLE.isInfinite()).isFalse();
        assertThat(Interval.of(1, 2, 3)).isEqualTo(iv(1, 2, 3));
    }

    @Test
    void roundTripsRandom() {
        Random r = new Random(10);
        for (int i = 0; i < 3000; i++) {
            Interval v = switch (i % 3) {
                case 0 -> iv(r.nextInt(), r.nextInt(), r.nextLong());
                case 1 -> iv(r.nextInt(2000) - 1000, r.nextInt(2000) - 1000, r.nextLong() % (1000 * H));
                default -> iv(r.nextInt(3) - 1, r.nextInt(3) - 1, r.nextInt(3) - 1);
            };
            assertThat(roundTrip(v)).isEqualTo(v);
            assertThat(Interval.parse(v.toString())).as(v.toString()).isEqualTo(v);
            String q = quote(v);
            assertThat(Interval.parse(q.substring(1, q.length() - "'::interval".length()))).isEqualTo(v);
            assertThat(Codec.text(Oids.INTERVAL, IntervalFormats.iso(v))).as(IntervalFormats.iso(v)).isEqualTo(v);
            assertThat(Codec.text(Oids.INTERVAL, IntervalFormats.sqlStandard(v))).as(IntervalFormats.sqlStandard(v)).isEqualTo(v);
        }
    }

    /** The server's iso_8601 and sql_standard output, written after its EncodeInterval. */
    static final class IntervalFormats {
        static String iso(Interval v) {
            int year = v.months() / 12;
            int mon = v.months() % 12;
            long us = v.microseconds();
            long hour = us / H;
            long min = us / M % 60;
            long sec = us / S % 60;
            long frac = us % S;
            if (year == 0 && mon == 0 && v.days() == 0 && us == 0) {
                return "PT0S";
            }
            StringBuilder sb = new StringBuilder("P");
            if (year != 0) {
                sb.append(year).append('Y');
            }
            if (mon != 0) {
                sb.append(mon).append('M');
            }
            if (v.days() != 0) {
                sb.append(v.days()).append('D');
            }
            if (us != 0) {
                sb.append('T');
                if (hour != 0) {
                    sb.append(hour).append('H');
                }
                if (min != 0) {
                    sb.append(min).append('M');
                }
                if (sec != 0 || frac != 0) {
                    if (sec < 0 || frac < 0) {
                        sb.append('-');
                    }
                    sb.append(Math.abs(sec));
                    DateTimeText.appendFraction(sb, (int) Math.abs(frac));
                    sb.append('S');
                }
            }
            return sb.toString();
        }

        static String sqlStandard(Interval v) {
            int year = v.months() / 12;
            int mon = v.months() % 12;
            long day = v.days();
            long us = v.microseconds();
            boolean neg = year < 0 || mon < 0 || day < 0 || us < 0;
            boolean pos = year > 0 || mon > 0 || day > 0 || us > 0;
            boolean ym = year != 0 || mon != 0;
            boolean dt = day != 0 || us != 0;
            boolean standard = !(neg && pos) && !(ym && dt);
            if (!neg && !pos) {
                return "0";
            }
            StringBuilder sb = new StringBuilder();
            if (!standard) {
                sb.append(year < 0 || mon < 0 ? '-' : '+').append(Math.abs(year)).append('-').append(Math.abs(mon));
                sb.append(' ').append(day < 0 ? '-' : '+').append(Math.abs(day));
                sb.append(' ').append(us < 0 ? '-' : '+');
                time(sb, Math.abs(us));
                return sb.toString();
            }
            if (neg) {
                sb.append('-');
            }
            if (ym) {
                return sb.append(Math.abs(year)).append('-').append(Math.abs(mon)).toString();
            }
            if (day != 0) {
                sb.append(Math.abs(day)).append(' ');
            }
            time(sb, Math.abs(us));
            return sb.toString();
        }

        private static void time(StringBuilder sb, long us) {
            // |Long.MIN_VALUE| overflows: handled by the caller's choice of values
            sb.append(Long.toUnsignedString(us / H)).append(':');
            DateTimeText.pad2(sb, (int) (us / M % 60)).append(':');
            DateTimeText.pad2(sb, (int) (us / S % 60));
            DateTimeText.appendFraction(sb, (int) (us % S));
        }
    }
}
