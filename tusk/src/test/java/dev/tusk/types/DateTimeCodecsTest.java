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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DateTimeCodecsTest {

    private static final ZoneOffset PLUS2 = ZoneOffset.ofHours(2);

    @Test
    void dateBinary() {
        assertThat(binary(Oids.DATE, "00000000")).isEqualTo(LocalDate.of(2000, 1, 1));
        assertThat(binary(Oids.DATE, "ffffffff")).isEqualTo(LocalDate.of(1999, 12, 31));
        assertThat(binary(Oids.DATE, "0000225c")).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(binary(Oids.DATE, "7fffffff")).isEqualTo(LocalDate.MAX);
        assertThat(binary(Oids.DATE, "80000000")).isEqualTo(LocalDate.MIN);
        assertThat(dumpHex(LocalDate.of(2024, 1, 31))).isEqualTo("0000225c");
        assertThat(dumpHex(LocalDate.MAX)).isEqualTo("7fffffff");
        assertThat(dumpHex(LocalDate.MIN)).isEqualTo("80000000");
        assertThatThrownBy(() -> binary(Oids.DATE, "0000")).isInstanceOf(DataException.class);
    }

    @Test
    void dateText() {
        assertThat(text(Oids.DATE, "2024-01-31")).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(text(Oids.DATE, "0044-03-15 BC")).isEqualTo(LocalDate.of(-43, 3, 15));
        assertThat(text(Oids.DATE, "0001-01-01 BC")).isEqualTo(LocalDate.of(0, 1, 1));
        assertThat(text(Oids.DATE, "4714-11-24 BC")).isEqualTo(LocalDate.of(-4713, 11, 24));
        assertThat(text(Oids.DATE, "5874897-12-31")).isEqualTo(LocalDate.of(5874897, 12, 31));
        assertThat(text(Oids.DATE, "infinity")).isEqualTo(LocalDate.MAX);
        assertThat(text(Oids.DATE, "-infinity")).isEqualTo(LocalDate.MIN);
        for (String bad : new String[] {"", "2024-1-31", "2024-02-30", "2024-01-31 AD", "2024-01-31x", "24/01/31", "Infinity"}) {
            assertThatThrownBy(() -> text(Oids.DATE, bad)).as(bad).isInstanceOf(DataException.class);
        }
    }

    @Test
    void dateQuotesAndRange() {
        assertThat(quote(LocalDate.of(2024, 1, 31))).isEqualTo("'2024-01-31'::date");
        assertThat(quote(LocalDate.of(-43, 3, 15))).isEqualTo("'0044-03-15 BC'::date");
        assertThat(quote(LocalDate.of(12345, 6, 7))).isEqualTo("'12345-06-07'::date");
        assertThat(quote(LocalDate.MAX)).isEqualTo("'infinity'::date");
        assertThat(quote(LocalDate.MIN)).isEqualTo("'-infinity'::date");
        assertThatThrownBy(() -> dump(LocalDate.of(5874898, 1, 1))).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> dump(LocalDate.of(-4713, 11, 23))).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> quote(LocalDate.of(9_999_999, 1, 1))).isInstanceOf(DataException.class);
        assertThat(roundTrip(LocalDate.of(-4713, 11, 24))).isEqualTo(LocalDate.of(-4713, 11, 24));
        assertThat(roundTrip(LocalDate.of(5874897, 12, 31))).isEqualTo(LocalDate.of(5874897, 12, 31));
    }

    @Test
    void dateRoundTripsRandom() {
        Random r = new Random(6);
        long min = LocalDate.of(-4713, 11, 24).toEpochDay();
        long max = LocalDate.of(5874897, 12, 31).toEpochDay();
        for (int i = 0; i < 3000; i++) {
            long day = i % 2 == 0 ? min + (long) (r.nextDouble() * ((double) max - min))
                    : LocalDate.of(-5000 + r.nextInt(10000), 1, 1).toEpochDay() + r.nextInt(366);
            LocalDate d = LocalDate.ofEpochDay(Math.max(min, day));
            assertThat(roundTrip(d)).isEqualTo(d);
            String literal = quote(d);
            String textForm = literal.substring(1, literal.length() - "'::date".length());
            assertThat(text(Oids.DATE, textForm)).isEqualTo(d);
        }
    }

    @Test
    void time() {
        assertThat(binary(Oids.TIME, "0000000000000000")).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(binary(Oids.TIME, "0000000a0eebb000")).isEqualTo(LocalTime.NOON);
        assertThat(binary(Oids.TIME, "000000141dd76000")).isEqualTo(LocalTime.MAX); // 24:00:00
        assertThat(text(Oids.TIME, "12:34:56.789")).isEqualTo(LocalTime.of(12, 34, 56, 789_000_000));
        assertThat(text(Oids.TIME, "00:00:00")).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(text(Oids.TIME, "23:59:59.999999")).isEqualTo(LocalTime.of(23, 59, 59, 999_999_000));
        assertThat(text(Oids.TIME, "24:00:00")).isEqualTo(LocalTime.MAX);
        assertThat(dumpHex(LocalTime.NOON)).isEqualTo("0000000a0eebb000");
        assertThat(dumpHex(LocalTime.MAX)).isEqualTo("000000141dd76000");
        assertThat(quote(LocalTime.of(1, 2, 3, 400_000_000))).isEqualTo("'01:02:03.4'::time");
        assertThat(quote(LocalTime.MAX)).isEqualTo("'24:00:00'::time");
        for (String bad : new String[] {"", "12:34", "25:00:00", "12:60:00", "12:34:56.", "12:34:56+01"}) {
            assertThatThrownBy(() -> text(Oids.TIME, bad)).as(bad).isInstanceOf(DataException.class);
        }
        assertThatThrownBy(() -> binary(Oids.TIME, "000000141dd76001")).isInstanceOf(DataException.class);
    }

    @Test
    void nanosRoundHalfEvenToMicros() {
        assertThat(roundTrip(LocalTime.of(0, 0, 0, 1_499))).isEqualTo(LocalTime.of(0, 0, 0, 1_000));
        assertThat(roundTrip(LocalTime.of(0, 0, 0, 1_500))).isEqualTo(LocalTime.of(0, 0, 0, 2_000));
        assertThat(roundTrip(LocalTime.of(0, 0, 0, 2_500))).isEqualTo(LocalTime.of(0, 0, 0, 2_000));
        assertThat(roundTrip(LocalTime.of(0, 0, 0, 2_501))).isEqualTo(LocalTime.of(0, 0, 0, 3_000));
        assertThat(roundTrip(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_500)))
                .isEqualTo(LocalDateTime.of(2000, 1, 1, 0, 0));
        assertThat(roundTrip(Instant.parse("1969-12-31T23:59:59.999999500Z")))
                .isEqualTo(OffsetDateTime.parse("1970-01-01T00:00:00Z"));
        assertThat(quote(LocalDateTime.of(2024, 1, 31, 12, 0, 0, 1_500)))
                .isEqualTo("'2024-01-31 12:00:00.000002'::timestamp");
    }

    @Test
    void timetz() {
        // 12:00:00+02: micros, then zone seconds WEST of UTC (-7200)
        assertThat(binary(Oids.TIMETZ, "0000000a0eebb000 ffffe3e0")).isEqualTo(OffsetTime.of(LocalTime.NOON, PLUS2));
        assertThat(binary(Oids.TIMETZ, "0000000a0eebb000 00001c20"))
                .isEqualTo(OffsetTime.of(LocalTime.NOON, ZoneOffset.ofHours(-2)));
        assertThat(dumpHex(OffsetTime.of(LocalTime.NOON, PLUS2))).isEqualTo("0000000a0eebb000ffffe3e0");
        assertThat(text(Oids.TIMETZ, "12:00:00+02")).isEqualTo(OffsetTime.of(LocalTime.NOON, PLUS2));
        assertThat(text(Oids.TIMETZ, "12:00:00.5-05:30"))
                .isEqualTo(OffsetTime.of(12, 0, 0, 500_000_000, ZoneOffset.ofHoursMinutes(-5, -30)));
        assertThat(text(Oids.TIMETZ, "12:00:00+00:53:28"))
                .isEqualTo(OffsetTime.of(LocalTime.NOON, ZoneOffset.ofHoursMinutesSeconds(0, 53, 28)));
        assertThat(quote(OffsetTime.of(LocalTime.NOON, PLUS2))).isEqualTo("'12:00:00+02:00'::timetz");
        assertThat(quote(OffsetTime.of(LocalTime.NOON, ZoneOffset.ofHoursMinutesSeconds(-1, -2, -3))))
                .isEqualTo("'12:00:00-01:02:03'::timetz");
        assertThatThrownBy(() -> dump(OffsetTime.of(LocalTime.NOON, ZoneOffset.ofHours(17))))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> text(Oids.TIMETZ, "12:00:00")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> binary(Oids.TIMETZ, "0000000a0eebb000")).isInstanceOf(DataException.class);
        Random r = new Random(7);
        for (int i = 0; i < 1000; i++) {
            OffsetTime t = OffsetTime.of(LocalTime.ofNanoOfDay(r.nextLong(86_400_000_000L) * 1000),
                    ZoneOffset.ofTotalSeconds(r.nextInt(2 * 57_599) - 57_599));
            assertThat(roundTrip(t)).isEqualTo(t);
            String q = quote(t);
            assertThat(text(Oids.TIMETZ, q.substring(1, q.length() - "'::timetz".length()))).isEqualTo(t);
        }
    }

    @Test
    void timestampBinary() {
        assertThat(binary(Oids.TIMESTAMP, "0000000000000000")).isEqualTo(LocalDateTime.of(2000, 1, 1, 0, 0));
        assertThat(binary(Oids.TIMESTAMP, "000000141dd76001"))
                .isEqualTo(LocalDateTime.of(2000, 1, 2, 0, 0, 0, 1000));
        assertThat(binary(Oids.TIMESTAMP, "0002b33be00ca614"))
                .isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 34, 56, 789_012_000));
        assertThat(binary(Oids.TIMESTAMP, "fffca2fec4c82000")).isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 0));
        assertThat(binary(Oids.TIMESTAMP, "7fffffffffffffff")).isEqualTo(LocalDateTime.MAX);
        assertThat(binary(Oids.TIMESTAMP, "8000000000000000")).isEqualTo(LocalDateTime.MIN);
        assertThat(dumpHex(LocalDateTime.of(2024, 1, 31, 12, 34, 56, 789_012_000))).isEqualTo("0002b33be00ca614");
        assertThat(dumpHex(LocalDateTime.MAX)).isEqualTo("7fffffffffffffff");
        assertThat(dumpHex(LocalDateTime.MIN)).isEqualTo("8000000000000000");
    }

    @Test
    void timestampText() {
        assertThat(text(Oids.TIMESTAMP, "2024-01-31 12:34:56.789012"))
                .isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 34, 56, 789_012_000));
        assertThat(text(Oids.TIMESTAMP, "0044-03-15 12:00:00 BC")).isEqualTo(LocalDateTime.of(-43, 3, 15, 12, 0));
        assertThat(text(Oids.TIMESTAMP, "infinity")).isEqualTo(LocalDateTime.MAX);
        assertThat(text(Oids.TIMESTAMP, "-infinity")).isEqualTo(LocalDateTime.MIN);
        assertThat(text(Oids.TIMESTAMP, "294276-12-31 23:59:59.999999"))
                .isEqualTo(LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000));
        for (String bad : new String[] {"2024-01-31", "2024-01-31T12:00:00", "2024-01-31 12:00:00+01", "2024-01-31 12:00:00 BCE"}) {
            assertThatThrownBy(() -> text(Oids.TIMESTAMP, bad)).as(bad).isInstanceOf(DataException.class);
        }
        assertThat(quote(LocalDateTime.of(2024, 1, 31, 12, 34, 56, 789_000_000)))
                .isEqualTo("'2024-01-31 12:34:56.789'::timestamp");
        assertThat(quote(LocalDateTime.of(-43, 3, 15, 12, 0))).isEqualTo("'0044-03-15 12:00:00 BC'::timestamp");
        assertThat(quote(LocalDateTime.MAX)).isEqualTo("'infinity'::timestamp");
        assertThat(quote(LocalDateTime.MIN)).isEqualTo("'-infinity'::timestamp");
    }

    @Test
    void timestampRange() {
        assertThatThrownBy(() -> dump(LocalDateTime.of(300000, 1, 1, 0, 0))).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> dump(LocalDateTime.of(294277, 1, 1, 0, 0))).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> dump(LocalDateTime.of(-4713, 11, 23, 23, 59))).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> dump(LocalDateTime.of(999_999_999, 1, 1, 0, 0))).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> dump(LocalDateTime.of(-999_999_999, 1, 1, 0, 1))).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> dump(Instant.parse("+300000-01-01T00:00:00Z"))).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> dump(OffsetDateTime.of(300000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
                .isInstanceOf(DataException.class);
        LocalDateTime first = LocalDateTime.of(-4713, 11, 24, 0, 0);
        LocalDateTime last = LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000);
        assertThat(roundTrip(first)).isEqualTo(first);
        assertThat(roundTrip(last)).isEqualTo(last);
        assertThat(dumpHex(first)).isEqualTo(Long.toHexString(-211813488000000000L));
    }

    @Test
    void timestampRoundTripsRandom() {
        Random r = new Random(8);
        long min = DateTimeCodecs.MIN_TIMESTAMP;
        long max = DateTimeCodecs.END_TIMESTAMP - 1;
        for (int i = 0; i < 3000; i++) {
            long micros = i % 2 == 0 ? min + (long) (r.nextDouble() * ((double) max - min))
                    : r.nextLong() % (200L * 365 * 86_400_000_000L);
            LocalDateTime ldt = DateTimeCodecs.pgToTimestamp(micros);
            assertThat(roundTrip(ldt)).isEqualTo(ldt);
            String q = quote(ldt);
            assertThat(text(Oids.TIMESTAMP, q.substring(1, q.length() - "'::timestamp".length()))).isEqualTo(ldt);
        }
    }

    @Test
    void timestamptzBinaryUsesSessionZone() {
        OffsetDateTime y2k = OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        assertThat(binary(Oids.TIMESTAMPTZ, "0000000000000000")).isEqualTo(y2k);
        byte[] zero = new byte[8];
        OffsetDateTime inParis = (OffsetDateTime) Codec.load(Oids.TIMESTAMPTZ, Format.BINARY, zero,
                () -> ZoneId.of("Europe/Paris"));
        assertThat(inParis).isEqualTo(OffsetDateTime.of(2000, 1, 1, 1, 0, 0, 0, ZoneOffset.ofHours(1)));
        assertThat(inParis.toInstant()).isEqualTo(y2k.toInstant());
        assertThat(binary(Oids.TIMESTAMPTZ, "7fffffffffffffff")).isEqualTo(OffsetDateTime.MAX);
        assertThat(binary(Oids.TIMESTAMPTZ, "8000000000000000")).isEqualTo(OffsetDateTime.MIN);

        assertThat(dumpHex(y2k.withOffsetSameInstant(PLUS2))).isEqualTo("0000000000000000");
        assertThat(dumpHex(Instant.parse("2000-01-01T00:00:00.000001Z"))).isEqualTo("0000000000000001");
        assertThat(dumpHex(ZonedDateTime.of(2000, 1, 1, 1, 0, 0, 0, ZoneId.of("Europe/Paris")))).isEqualTo("0000000000000000");
        assertThat(dumpHex(OffsetDateTime.MAX)).isEqualTo("7fffffffffffffff");
        assertThat(dumpHex(OffsetDateTime.MIN)).isEqualTo("8000000000000000");
        assertThat(dumpHex(Instant.MAX)).isEqualTo("7fffffffffffffff");
        for (Object v : new Object[] {y2k, Instant.EPOCH, ZonedDateTime.now()}) {
            assertThat(Codec.A.dumperFor(v).oid()).isEqualTo(Oids.TIMESTAMPTZ);
            assertThat(Codec.A.dumperFor(v).format()).isEqualTo(Format.BINARY);
        }
    }

    @Test
    void timestamptzTextKeepsItsOffset() {
        assertThat(text(Oids.TIMESTAMPTZ, "2024-01-31 12:34:56.789+01"))
                .isEqualTo(OffsetDateTime.of(2024, 1, 31, 12, 34, 56, 789_000_000, ZoneOffset.ofHours(1)));
        assertThat(text(Oids.TIMESTAMPTZ, "2024-01-31 12:34:56-03:30"))
                .isEqualTo(OffsetDateTime.of(2024, 1, 31, 12, 34, 56, 0, ZoneOffset.ofHoursMinutes(-3, -30)));
        assertThat(text(Oids.TIMESTAMPTZ, "1850-01-01 00:00:00+00:09:21"))
                .isEqualTo(OffsetDateTime.of(1850, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(0, 9, 21)));
        assertThat(text(Oids.TIMESTAMPTZ, "0044-03-15 12:00:00+00 BC"))
                .isEqualTo(OffsetDateTime.of(-43, 3, 15, 12, 0, 0, 0, ZoneOffset.UTC));
        assertThat(text(Oids.TIMESTAMPTZ, "infinity")).isEqualTo(OffsetDateTime.MAX);
        assertThat(text(Oids.TIMESTAMPTZ, "-infinity")).isEqualTo(OffsetDateTime.MIN);
        assertThatThrownBy(() -> text(Oids.TIMESTAMPTZ, "2024-01-31 12:34:56")).isInstanceOf(DataException.class);
    }

    @Test
    void timestamptzQuotes() {
        assertThat(quote(OffsetDateTime.of(2024, 1, 31, 12, 34, 56, 789_000_000, ZoneOffset.ofHours(1))))
                .isEqualTo("'2024-01-31 12:34:56.789+01:00'::timestamptz");
        assertThat(quote(Instant.parse("2024-01-31T12:00:00Z"))).isEqualTo("'2024-01-31 12:00:00+00:00'::timestamptz");
        assertThat(quote(ZonedDateTime.of(2024, 7, 1, 12, 0, 0, 0, ZoneId.of("Europe/Paris"))))
                .isEqualTo("'2024-07-01 12:00:00+02:00'::timestamptz");
        assertThat(quote(OffsetDateTime.of(-43, 3, 15, 12, 0, 0, 0, ZoneOffset.UTC)))
                .isEqualTo("'0044-03-15 12:00:00+00:00 BC'::timestamptz");
        assertThat(quote(OffsetDateTime.of(2024, 1, 31, 12, 0, 0, 0, ZoneOffset.ofHours(-17))))
                .isEqualTo("'2024-02-01 05:00:00+00:00'::timestamptz");
        assertThat(quote(OffsetDateTime.MAX)).isEqualTo("'infinity'::timestamptz");
        assertThat(quote(Instant.MIN)).isEqualTo("'-infinity'::timestamptz");
    }

    @Test
    void timestamptzRoundTripsRandom() {
        Random r = new Random(9);
        for (int i = 0; i < 3000; i++) {
            long micros = i % 2 == 0
                    ? DateTimeCodecs.MIN_TIMESTAMP + (long) (r.nextDouble() * ((double) DateTimeCodecs.END_TIMESTAMP - DateTimeCodecs.MIN_TIMESTAMP - 1e6))
                    : r.nextLong() % (200L * 365 * 86_400_000_000L);
            Instant inst = DateTimeCodecs.pgToInstant(micros);
            ZoneOffset off = ZoneOffset.ofTotalSeconds((r.nextInt(2 * 15 * 4 + 1) - 15 * 4) * 900);
            OffsetDateTime odt = inst.atOffset(off);
            OffsetDateTime back = (OffsetDateTime) roundTrip(odt);
            assertThat(back.toInstant()).isEqualTo(inst);
            assertThat(back.getOffset()).isEqualTo(ZoneOffset.UTC); // LoadContext.UTC
            String q = quote(odt);
            assertThat(text(Oids.TIMESTAMPTZ, q.substring(1, q.length() - "'::timestamptz".length()))).isEqualTo(odt);
        }
    }

    @Test
    void textLoadersReadSlices() {
        byte[] row = "..2024-01-31..".getBytes(StandardCharsets.US_ASCII);
        assertThat(Codec.A.loader(Oids.DATE, Format.TEXT).load(row, 2, 10, LoadContext.UTC))
                .isEqualTo(LocalDate.of(2024, 1, 31));
    }
}
