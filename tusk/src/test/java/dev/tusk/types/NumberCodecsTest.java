package dev.tusk.types;

import static dev.tusk.types.Codec.binary;
import static dev.tusk.types.Codec.dumpHex;
import static dev.tusk.types.Codec.quote;
import static dev.tusk.types.Codec.roundTrip;
import static dev.tusk.types.Codec.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DataException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumberCodecsTest {

    @Test
    void bool() {
        assertThat(binary(Oids.BOOL, "01")).isEqualTo(true);
        assertThat(binary(Oids.BOOL, "00")).isEqualTo(false);
        assertThat(text(Oids.BOOL, "t")).isEqualTo(true);
        assertThat(text(Oids.BOOL, "f")).isEqualTo(false);
        assertThat(dumpHex(true)).isEqualTo("01");
        assertThat(dumpHex(false)).isEqualTo("00");
        assertThat(quote(true)).isEqualTo("true");
        assertThat(quote(false)).isEqualTo("false");
        assertThatThrownBy(() -> text(Oids.BOOL, "true")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> binary(Oids.BOOL, "0001")).isInstanceOf(DataException.class);
    }

    @Test
    void integersBinaryFixtures() {
        assertThat(binary(Oids.INT4, "0000002a")).isEqualTo(42);
        assertThat(binary(Oids.INT4, "ffffffff")).isEqualTo(-1);
        assertThat(binary(Oids.INT4, "80000000")).isEqualTo(Integer.MIN_VALUE);
        assertThat(binary(Oids.INT2, "7fff")).isEqualTo((short) 32767);
        assertThat(binary(Oids.INT2, "fffe")).isEqualTo((short) -2);
        assertThat(binary(Oids.INT8, "7fffffffffffffff")).isEqualTo(Long.MAX_VALUE);
        assertThat(binary(Oids.INT8, "0000000100000000")).isEqualTo(1L << 32);
        assertThat(dumpHex(42)).isEqualTo("0000002a");
        assertThat(dumpHex((short) -2)).isEqualTo("fffe");
        assertThat(dumpHex(-1L)).isEqualTo("ffffffffffffffff");
        assertThat(Codec.A.dumperFor(1).oid()).isEqualTo(Oids.INT4);
        assertThat(Codec.A.dumperFor((short) 1).oid()).isEqualTo(Oids.INT2);
        assertThat(Codec.A.dumperFor(1L).oid()).isEqualTo(Oids.INT8);
        assertThat(Codec.A.dumperFor(1L).format()).isEqualTo(Format.BINARY);
    }

    @Test
    void integersText() {
        assertThat(text(Oids.INT4, "42")).isEqualTo(42);
        assertThat(text(Oids.INT4, "-2147483648")).isEqualTo(Integer.MIN_VALUE);
        assertThat(text(Oids.INT2, "-32768")).isEqualTo(Short.MIN_VALUE);
        assertThat(text(Oids.INT8, "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(text(Oids.INT8, "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(text(Oids.INT8, "+7")).isEqualTo(7L);
    }

    @Test
    void malformedIntegers() {
        assertThatThrownBy(() -> binary(Oids.INT4, "000000")).isInstanceOf(DataException.class)
                .hasMessageContaining("expected 4 bytes, got 3");
        assertThatThrownBy(() -> binary(Oids.INT4, "0000000000")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> binary(Oids.INT8, "00")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> binary(Oids.INT2, "")).isInstanceOf(DataException.class);
        for (String bad : new String[] {"", "-", "12a", "1 ", " 1", "4.2", "0x10"}) {
            assertThatThrownBy(() -> text(Oids.INT4, bad)).as(bad).isInstanceOf(DataException.class);
        }
        assertThatThrownBy(() -> text(Oids.INT4, "2147483648")).isInstanceOf(DataException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> text(Oids.INT2, "32768")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> text(Oids.INT8, "9223372036854775808")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> text(Oids.INT8, "-9223372036854775809")).isInstanceOf(DataException.class);
    }

    @Test
    void integerRoundTrips() {
        Random r = new Random(1);
        for (int i = 0; i < 2000; i++) {
            int v = r.nextInt();
            long l = r.nextLong();
            short s = (short) r.nextInt();
            assertThat(roundTrip(v)).isEqualTo(v);
            assertThat(roundTrip(l)).isEqualTo(l);
            assertThat(roundTrip(s)).isEqualTo(s);
            assertThat(text(Oids.INT4, Integer.toString(v))).isEqualTo(v);
            assertThat(text(Oids.INT8, Long.toString(l))).isEqualTo(l);
        }
    }

    @Test
    void integerQuotes() {
        assertThat(quote(42)).isEqualTo("42");
        assertThat(quote(-1)).isEqualTo("(-1)");
        assertThat(quote(Long.MIN_VALUE)).isEqualTo("(-9223372036854775808)");
        assertThat(quote((short) 0)).isEqualTo("0");
    }

    @Test
    void oidFamily() {
        assertThat(binary(Oids.OID, "ffffffff")).isEqualTo(4294967295L);
        assertThat(binary(Oids.OID, "00000010")).isEqualTo(16L);
        assertThat(binary(Oids.XID, "80000000")).isEqualTo(2147483648L);
        assertThat(binary(Oids.CID, "00000001")).isEqualTo(1L);
        assertThat(binary(Oids.REGCLASS, "000004eb")).isEqualTo(1259L);
        assertThat(binary(Oids.REGTYPE, "00000017")).isEqualTo(23L);
        assertThat(binary(Oids.REGPROC, "00000000")).isEqualTo(0L);
        assertThat(binary(Oids.XID8, "ffffffffffffffff")).isEqualTo(-1L);
        assertThat(text(Oids.OID, "4294967295")).isEqualTo(4294967295L);
        assertThat(text(Oids.XID, "731")).isEqualTo(731L);
        assertThat(text(Oids.XID8, "18446744073709551615")).isEqualTo(-1L);
        assertThat(text(Oids.REGCLASS, "16384")).isEqualTo(16384L);
        assertThat(text(Oids.REGPROC, "-")).isEqualTo(0L);
        assertThat(text(Oids.REGCLASS, "pg_class")).isEqualTo("pg_class");
        assertThat(text(Oids.REGTYPE, "integer")).isEqualTo("integer");
        assertThatThrownBy(() -> text(Oids.OID, "4294967296")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> text(Oids.OID, "-1")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> binary(Oids.OID, "0000")).isInstanceOf(DataException.class);
    }

    @Test
    void floatsBinaryFixtures() {
        assertThat(binary(Oids.FLOAT8, "3ff8000000000000")).isEqualTo(1.5);
        assertThat(binary(Oids.FLOAT4, "3fc00000")).isEqualTo(1.5f);
        assertThat((Double) binary(Oids.FLOAT8, "7ff8000000000000")).isNaN();
        assertThat(binary(Oids.FLOAT8, "fff0000000000000")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(binary(Oids.FLOAT4, "7f800000")).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(dumpHex(1.5)).isEqualTo("3ff8000000000000");
        assertThat(dumpHex(1.5f)).isEqualTo("3fc00000");
        assertThat(dumpHex(-0.0)).isEqualTo("8000000000000000");
        assertThatThrownBy(() -> binary(Oids.FLOAT8, "3ff80000")).isInstanceOf(DataException.class);
    }

    @Test
    void floatsText() {
        assertThat(text(Oids.FLOAT8, "1.5")).isEqualTo(1.5);
        assertThat(text(Oids.FLOAT8, "-0.1")).isEqualTo(-0.1);
        assertThat(text(Oids.FLOAT8, "1e+300")).isEqualTo(1e300);
        assertThat(text(Oids.FLOAT8, "1.7976931348623157e+308")).isEqualTo(Double.MAX_VALUE);
        assertThat(text(Oids.FLOAT8, "5e-324")).isEqualTo(Double.MIN_VALUE);
        assertThat(text(Oids.FLOAT8, "0.30000000000000004")).isEqualTo(0.1 + 0.2);
        assertThat(text(Oids.FLOAT8, "-0")).isEqualTo(-0.0);
        assertThat((Double) text(Oids.FLOAT8, "NaN")).isNaN();
        assertThat(text(Oids.FLOAT8, "Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(text(Oids.FLOAT8, "-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(text(Oids.FLOAT4, "3.4028235e+38")).isEqualTo(Float.MAX_VALUE);
        assertThat(text(Oids.FLOAT4, "0.1")).isEqualTo(0.1f);
        assertThat(text(Oids.FLOAT4, "-Infinity")).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat((Float) text(Oids.FLOAT4, "NaN")).isNaN();
        for (String bad : new String[] {"", "-", "1e", "1.2.3", "abc", "0x1p3", "1d", " 1", "1e+", "."}) {
            assertThatThrownBy(() -> text(Oids.FLOAT8, bad)).as(bad).isInstanceOf(DataException.class);
        }
    }

    @Test
    void floatRoundTrips() {
        Random r = new Random(2);
        for (int i = 0; i < 5000; i++) {
            double d = switch (i % 4) {
                case 0 -> r.nextDouble();
                case 1 -> Double.longBitsToDouble(r.nextLong());
                case 2 -> (r.nextInt(2_000_000) - 1_000_000) / 1000.0;
                default -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            };
            float f = (float) d;
            if (!Double.isNaN(d)) {
                assertThat(roundTrip(d)).isEqualTo(d);
                // text as PostgreSQL (shortest exact) and Java print it
                assertThat(text(Oids.FLOAT8, Double.toString(d).replace("E", "e+").replace("e+-", "e-")))
                        .isEqualTo(d);
                assertThat(text(Oids.FLOAT8, new java.math.BigDecimal(d).toString())).isEqualTo(d);
            }
            if (!Float.isNaN(f)) {
                assertThat(roundTrip(f)).isEqualTo(f);
                assertThat(text(Oids.FLOAT4, Float.toString(f))).isEqualTo(f);
            }
        }
    }

    @Test
    void floatQuotes() {
        assertThat(quote(Double.NaN)).isEqualTo("'NaN'::float8");
        assertThat(quote(Double.POSITIVE_INFINITY)).isEqualTo("'Infinity'::float8");
        assertThat(quote(Double.NEGATIVE_INFINITY)).isEqualTo("'-Infinity'::float8");
        assertThat(quote(Float.NaN)).isEqualTo("'NaN'::float4");
        assertThat(quote(-0.0)).isEqualTo("'-0'::float8");
        assertThat(quote(1.5)).isEqualTo("1.5::float8");
        assertThat(quote(-1.5)).isEqualTo("(-1.5)::float8");
        assertThat(quote(1e300)).isEqualTo("1.0E300::float8");
        assertThat(quote(0.1f)).isEqualTo("0.1::float4");
    }

    @Test
    void textFloatsFromBytesDirectly() {
        byte[] row = "xx-12.5e1yy".getBytes(StandardCharsets.US_ASCII);
        assertThat(Codec.A.loader(Oids.FLOAT8, Format.TEXT).load(row, 2, 7, LoadContext.UTC)).isEqualTo(-125.0);
        assertThat(Codec.A.loader(Oids.INT4, Format.TEXT).load(row, 2, 3, LoadContext.UTC)).isEqualTo(-12);
    }
}
