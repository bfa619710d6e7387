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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumericCodecTest {

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    @Test
    void binaryFixtures() {
        // ndigits=3 weight=1 sign=0 dscale=3 digits [1, 2345, 6780]
        String n12345_678 = "0003 0001 0000 0003 0001 0929 1a7c";
        assertThat(binary(Oids.NUMERIC, n12345_678)).isEqualTo(dec("12345.678"));
        assertThat(dumpHex(dec("12345.678"))).isEqualTo(n12345_678.replace(" ", ""));
        // -0.0001: ndigits=1 weight=-1 sign=NEG dscale=4 digits [1]
        assertThat(binary(Oids.NUMERIC, "0001 ffff 4000 0004 0001")).isEqualTo(dec("-0.0001"));
        assertThat(dumpHex(dec("-0.0001"))).isEqualTo("0001ffff400000040001");
        // 0.00: no digits
        assertThat(binary(Oids.NUMERIC, "0000 0000 0000 0002")).isEqualTo(dec("0.00"));
        assertThat(dumpHex(dec("0.00"))).isEqualTo("0000000000000002");
        // 10000 = 1 * 10000^1
        assertThat(binary(Oids.NUMERIC, "0001 0001 0000 0000 0001")).isEqualTo(dec("10000"));
        assertThat(dumpHex(dec("10000"))).isEqualTo("00010001000000000001");
        assertThat(dumpHex(new BigDecimal("1E+4"))).isEqualTo("00010001000000000001");
        // 1.50: dscale 2 keeps the trailing zero; digits [1, 5000]
        assertThat(binary(Oids.NUMERIC, "0002 0000 0000 0002 0001 1388")).isEqualTo(dec("1.50"));
        assertThat(dumpHex(dec("1.50"))).isEqualTo("000200000000000200011388");
        // 123456789012345678901234567890 (8 digits: 12 3456 7890 1234 5678 9012 3456 7890)
        assertThat(binary(Oids.NUMERIC, "0008 0007 0000 0000 000c 0d80 1ed2 04d2 162e 2334 0d80 1ed2"))
                .isEqualTo(dec("123456789012345678901234567890"));
        assertThat(dumpHex(BigInteger.valueOf(-20000))).isEqualTo("00010001400000000002");
    }

    @Test
    void specialValues() {
        assertThat((Double) binary(Oids.NUMERIC, "0000 0000 c000 0000")).isNaN();
        assertThat(binary(Oids.NUMERIC, "0000 0000 d000 0000")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(binary(Oids.NUMERIC, "0000 0000 f000 0000")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat((Double) text(Oids.NUMERIC, "NaN")).isNaN();
        assertThat(text(Oids.NUMERIC, "Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(text(Oids.NUMERIC, "-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void textForm() {
        assertThat(Codec.text(Oids.NUMERIC, "1.50")).isEqualTo(dec("1.50"));
        assertThat(Codec.text(Oids.NUMERIC, "-0.000")).isEqualTo(dec("0.000"));
        assertThat(Codec.text(Oids.NUMERIC, "123456789012345678901234567890.123456789"))
                .isEqualTo(dec("123456789012345678901234567890.123456789"));
        assertThat(Codec.text(Oids.NUMERIC, "-999999999999999999")).isEqualTo(dec("-999999999999999999"));
        assertThat(((BigDecimal) Codec.text(Oids.NUMERIC, "42")).scale()).isZero();
        for (String bad : new String[] {"", "-", ".", "1.2.3", "abc", "1,5", "nan"}) {
            assertThatThrownBy(() -> Codec.text(Oids.NUMERIC, bad)).as(bad).isInstanceOf(DataException.class);
        }
    }

    @Test
    void malformedBinary() {
        assertThatThrownBy(() -> binary(Oids.NUMERIC, "0003 0001 0000 0003 0001 0929"))
                .isInstanceOf(DataException.class).hasMessageContaining("3 digits");
        assertThatThrownBy(() -> binary(Oids.NUMERIC, "0000 0000 0000")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> binary(Oids.NUMERIC, "0001 0000 8000 0000 0001"))
                .isInstanceOf(DataException.class).hasMessageContaining("sign");
        assertThatThrownBy(() -> binary(Oids.NUMERIC, "0001 0000 0000 0000 2710"))
                .isInstanceOf(DataException.class).hasMessageContaining("digit");
        // 1.2345 with dscale 2: digits beyond the display scale
        assertThatThrownBy(() -> binary(Oids.NUMERIC, "0002 0000 0000 0002 0001 0929"))
                .isInstanceOf(DataException.class);
    }

    @Test
    void roundTripsRandom() {
        Random r = new Random(3);
        for (int i = 0; i < 3000; i++) {
            BigInteger unscaled = new BigInteger(1 + r.nextInt(i % 10 == 0 ? 3000 : 120), r);
            if (r.nextBoolean()) {
                unscaled = unscaled.negate();
            }
            int scale = r.nextInt(60) - (i % 7 == 0 ? 30 : 0);
            if (i % 50 == 0) {
                scale = 1000 + r.nextInt(2000);
            }
            BigDecimal v = new BigDecimal(unscaled, scale);
            BigDecimal expected = v.scale() < 0 ? v.setScale(0) : v;
            assertThat(roundTrip(v)).as(v.toString()).isEqualTo(expected);
            assertThat(Codec.text(Oids.NUMERIC, v.toPlainString())).isEqualTo(expected);
            assertThat(quote(v)).isEqualTo(v.signum() < 0 ? "(" + v.toPlainString() + ")" : v.toPlainString());
        }
        for (int i = 0; i < 500; i++) {
            BigInteger b = new BigInteger(1 + r.nextInt(300), r).subtract(BigInteger.ONE.shiftLeft(150));
            assertThat(roundTrip(b)).isEqualTo(new BigDecimal(b));
        }
    }

    @Test
    void edgeScales() {
        for (String s : new String[] {"0", "0.0001", "9999.9999", "10000.0001", "1E-16383", "0.1", "100000000"}) {
            BigDecimal v = dec(s);
            assertThat(roundTrip(v)).as(s).isEqualTo(v.scale() < 0 ? v.setScale(0) : v);
        }
        // past 16383 decimals: exact only if the extra decimals are zeros
        BigDecimal padded = BigDecimal.ONE.setScale(20000);
        assertThat(roundTrip(padded)).isEqualTo(BigDecimal.ONE.setScale(0));
        assertThatThrownBy(() -> dump(new BigDecimal(BigInteger.ONE, 16384))).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> dump(new BigDecimal(BigInteger.ONE, -200000))).isInstanceOf(DataException.class);
    }

    @Test
    void quotes() {
        assertThat(quote(dec("1.50"))).isEqualTo("1.50");
        assertThat(quote(dec("-1.50"))).isEqualTo("(-1.50)");
        assertThat(quote(dec("1E+3"))).isEqualTo("1000");
        assertThat(quote(BigInteger.TEN.pow(30).negate())).isEqualTo("(-1" + "0".repeat(30) + ")");
        assertThat(Codec.A.dumperFor(dec("1")).oid()).isEqualTo(Oids.NUMERIC);
    }
}
