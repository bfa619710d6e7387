package dev.tusk.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.Connection;
import dev.tusk.Cursor;
import dev.tusk.Row;
import dev.tusk.errors.DataException;
import dev.tusk.testing.Dsn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bit strings, {@code money}, {@code pg_lsn}, {@code xml}, the text search types, and mixed
 * integer widths, against the real server.
 */
class MiscTypesTest extends ScalarServerTest {
    MiscTypesTest(@Dsn String dsn) {
        super(dsn);
    }

    // ---- bit strings ----

    @Test
    void bitStrings() {
        BitString b = BitString.parse("0101");
        assertThat(b.length()).isEqualTo(4);
        assertThat(b.toByteArray()).containsExactly(0x50);
        assertThat(b.get(1)).isTrue();
        assertThat(b.get(0)).isFalse();
        assertThatThrownBy(() -> b.get(4)).isInstanceOf(IndexOutOfBoundsException.class);
        for (String s : List.of("", "0", "1", "0101", "11111111", "101010101")) {
            assertEcho("varbit", BitString.parse(s));
            assertThat(firstColumn("SELECT %t", BitString.parse(s))).containsOnly(BitString.parse(s));
            assertThat(select("B'" + s + "'::varbit")).containsOnly(BitString.parse(s));
        }
        assertThat(BitString.parse("")).isEqualTo(BitString.EMPTY);
        // bit(n) loads the same way, and takes a varbit parameter on assignment
        assertThat(select("B'101'::bit(3)")).containsOnly(BitString.parse("101"));
        assertThat(firstColumn("SELECT %s::bit(3)", BitString.parse("101"))).containsOnly(BitString.parse("101"));
        assertThat(text.cursor().mogrify("%s", b)).isEqualTo("'0101'::varbit");
        assertThatThrownBy(() -> BitString.parse("0102")).isInstanceOf(DataException.class);
    }

    @Test
    void bitStringBytesAndBitSets() {
        BitString b = BitString.of(new byte[] {(byte) 0xFF, (byte) 0xFF}, 12);
        assertThat(b.toString()).isEqualTo("111111111111");
        assertThat(b.toByteArray()).containsExactly(0xFF, 0xF0);   // padding cleared
        assertThat(b).isEqualTo(BitString.parse("111111111111")).hasSameHashCodeAs(BitString.parse("111111111111"));
        assertThat(b).isNotEqualTo(BitString.parse("1111111111110"));
        assertThatThrownBy(() -> BitString.of(new byte[1], 12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BitString.of(new byte[0], -1)).isInstanceOf(IllegalArgumentException.class);

        BitSet set = new BitSet();
        set.set(1);
        set.set(3);
        set.set(9);
        assertThat(BitString.of(set, 6).toString()).isEqualTo("010100");
        assertThat(BitString.of(set, 10).toBitSet()).isEqualTo(set);
        assertThat(BitString.parse("0101").toBitSet()).isEqualTo(BitString.of(set, 4).toBitSet());
    }

    @Test
    void bitStringBinaryForm() {
        assertThat(Codec.dumpHex(BitString.parse("0101"))).isEqualTo("0000000450");
        assertThat(Codec.dumpHex(BitString.EMPTY)).isEqualTo("00000000");
        // the server pads with zeros; stray padding bits do not make a different value
        assertThat(Codec.binary(Oids.VARBIT, "000000045f")).isEqualTo(BitString.parse("0101"));
        assertThatThrownBy(() -> Codec.binary(Oids.VARBIT, "0000000950")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Codec.binary(Oids.VARBIT, "ffffffff")).isInstanceOf(DataException.class);
        assertThat(Codec.binary(Oids.MONEY, "fffffffffffffffe")).isEqualTo(new BigDecimal("-0.02"));
        assertThat(Codec.dumpHex(new Lsn(0x16B374D848L))).isEqualTo("00000016b374d848");
    }

    @Test
    void aMegabyteVarbitRoundTrips() {
        byte[] bytes = new byte[1 << 20];
        new Random(3).nextBytes(bytes);
        BitString big = BitString.of(bytes, bytes.length * 8);
        assertEcho("varbit", big);
        BitString odd = BitString.of(Arrays.copyOf(bytes, 1000), 7995);
        assertEcho("varbit", odd);
    }

    @Test
    void randomBitStringsAgreeWithTheServer() {
        differential("varbit", Oids.VARBIT, random(5000, 7, r -> {
            BitSet set = new BitSet();
            int n = r.nextInt(r.nextBoolean() ? 20 : 300);
            for (int i = 0; i < n; i++) {
                set.set(i, r.nextBoolean());
            }
            return BitString.of(set, n);
        }), v -> v, true);
    }

    // ---- money ----

    private static BigDecimal cents(long c) {
        return BigDecimal.valueOf(c, 2);
    }

    @Test
    void money() {
        for (long c : new long[] {0, 1, -1, 123456, -123456789, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEcho("money", new Money(cents(c)), cents(c));
        }
        assertThat(select("'-$1,234.50'::money")).containsOnly(new BigDecimal("-1234.50"));
        assertThat(select("(-1234.5)::numeric::money")).containsOnly(new BigDecimal("-1234.50"));
        assertThat(select("'92233720368547758.07'::money")).containsOnly(new BigDecimal("92233720368547758.07"));
        // the server rounds to its two fraction digits
        assertEcho("money", new Money(new BigDecimal("1.005")), new BigDecimal("1.01"));
        assertEcho("money", new Money(new BigDecimal("1E+3")), new BigDecimal("1000.00"));
        assertThat(text.cursor().mogrify("%s", new Money(new BigDecimal("-1.5")))).isEqualTo("'-1.5'::numeric::money");
        // the forms other locales print
        assertThat(Codec.text(Oids.MONEY, "($1,234.56)")).isEqualTo(new BigDecimal("-1234.56"));
        assertThat(Codec.text(Oids.MONEY, "USD 1 234.56")).isEqualTo(new BigDecimal("1234.56"));
        assertThatThrownBy(() -> Codec.text(Oids.MONEY, "$")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Codec.text(Oids.MONEY, "1.2.3")).isInstanceOf(DataException.class);
        // a money column takes a Money parameter, and loads as BigDecimal into get(i, BigDecimal.class)
        text.execute("CREATE TEMP TABLE prices (amount money)");
        text.execute("INSERT INTO prices VALUES (%s)", new Money(new BigDecimal("-99.99")));
        assertThat(text.execute("SELECT amount FROM prices WHERE amount = %s", new Money(new BigDecimal("-99.99")))
                .fetchOne().get(0, BigDecimal.class)).isEqualTo(new BigDecimal("-99.99"));
    }

    @Test
    void randomMoneyAgreesWithTheServer() {
        differential("money", Oids.MONEY, random(5000, 7, r -> new Money(cents(switch (r.nextInt(3)) {
            case 0 -> r.nextLong();
            case 1 -> r.nextInt();
            default -> r.nextInt(20001) - 10000;
        }))), v -> ((Money) v).amount(), false);
    }

    // ---- pg_lsn ----

    @Test
    void lsn() {
        Lsn lsn = Lsn.parse("16/B374D848");
        assertThat(lsn.value()).isEqualTo(0x16B374D848L);
        assertThat(lsn.toString()).isEqualTo("16/B374D848");
        for (String s : List.of("0/0", "16/B374D848", "FFFFFFFF/FFFFFFFF", "80000000/0")) {
            assertEcho("pg_lsn", Lsn.parse(s));
            assertThat(firstColumn("SELECT %t", Lsn.parse(s))).containsOnly(Lsn.parse(s));
            assertThat(select("'" + s + "'::pg_lsn")).containsOnly(Lsn.parse(s));
        }
        assertThat(Lsn.parse("ffffffff/0")).isGreaterThan(Lsn.parse("1/0"));
        assertThat(text.cursor().mogrify("%s", lsn)).isEqualTo("'16/B374D848'::pg_lsn");
        assertThat(select("pg_current_wal_lsn()").get(0)).isInstanceOf(Lsn.class);
        for (String s : List.of("", "/", "1/", "/1", "1", "123456789/0", "1/2/3", "g/0")) {
            assertThatThrownBy(() -> Lsn.parse(s)).as(s).isInstanceOf(DataException.class);
        }
    }

    @Test
    void randomLsnsAgreeWithTheServer() {
        differential("pg_lsn", Oids.PG_LSN, random(5000, 7, r -> new Lsn(r.nextBoolean() ? r.nextLong() : r.nextInt(1 << 20))),
                v -> v, true);
    }

    // ---- xml, text search ----

    @Test
    void xmlLoadsAsItsText() {
        String doc = "<a x=\"1\">héllo &amp; <b/></a>";
        assertThat(select("'" + doc + "'::xml")).containsOnly(doc);
        assertThat(firstColumn("SELECT %s::xml", doc)).containsOnly(doc);
        // binary is the text in the client encoding: with UTF8, the declaration names none
        String declared = "<?xml version=\"1.0\" standalone=\"yes\"?><r/>";
        assertThat(select("XMLPARSE(DOCUMENT '" + declared + "')")).containsOnly(declared);
    }

    @Test
    void textSearchTypesComeAsText() {
        assertThat(binary.adapters().hasBinaryLoader(Oids.TSVECTOR)).isFalse();
        assertThat(binary.adapters().hasBinaryLoader(Oids.TSQUERY)).isFalse();
        assertThat(select("to_tsvector('simple', 'The quick fox')")).containsOnly("'fox':3 'quick':2 'the':1");
        assertThat(select("'a & !b'::tsquery")).containsOnly("'a' & !'b'");
        assertThat(select("''::tsvector")).containsOnly("");
        assertThat(firstColumn("SELECT %s::tsvector", "b a")).containsOnly("'a' 'b'");
    }

    @Test
    void nullsLoadAsNull() {
        for (String type : List.of("bit", "varbit", "money", "pg_lsn", "xml", "tsvector", "tsquery")) {
            assertThat(select("NULL::" + type)).containsOnlyNulls();
            assertThat(firstColumn("SELECT %s::" + type, (Object) null)).containsOnlyNulls();
        }
    }

    // ---- arrays of the new types ----

    @Test
    void arraysOfTheseTypesGoBothWays() {
        List<List<?>> arrays = List.of(
                Arrays.asList(Inet.parse("10.0.0.1/8"), null, Inet.parse("::1")),
                List.of(Cidr.parse("10.0.0.0/8")),
                List.of(MacAddress.parse("08:00:2b:01:02:03")),
                List.of(MacAddress8.parse("08:00:2b:01:02:03:04:05")),
                List.of(BitString.parse("0101"), BitString.EMPTY),
                List.of(new Lsn(1), new Lsn(-1)),
                List.of(new PgPoint(1, 2)),
                List.of(new PgCircle(new PgPoint(1, 2), 3)),
                List.of(PgPath.closed(new PgPoint(1, 2), new PgPoint(3, 4)), PgPath.open(new PgPoint(0, 0))));
        for (List<?> array : arrays) {
            assertThat(firstColumn("SELECT %s", array)).as("%s", array).containsOnly(array);
        }
        List<Money> money = List.of(new Money(new BigDecimal("-1.50")), new Money(new BigDecimal("2.00")));
        assertThat(firstColumn("SELECT %s::money[]", money)).containsOnly(List.of(new BigDecimal("-1.50"), new BigDecimal("2.00")));
    }

    // ---- integers of mixed widths ----

    @Test
    void integerParametersOfAnyWidthFitColumnsOfAnyWidth() {
        Connection c = binary;
        c.execute("CREATE TEMP TABLE widths (s int2, i int4, l int8, n numeric)");
        List<Object> values = List.of((short) 7, 7, 7L, BigInteger.valueOf(7), new BigDecimal("7"));
        for (Object v : values) {
            c.execute("INSERT INTO widths VALUES (%s, %s, %s, %s)", v, v, v, v);
        }
        try (Cursor<Row> cur = c.cursor()) {
            for (Object v : values) {
                for (int run = 0; run < 2; run++) {
                    Row r = cur.execute("SELECT count(*) FROM widths WHERE s = %s AND i = %s AND l = %s AND n = %s",
                            v, v, v, v).fetchOne();
                    assertThat(r.get(0)).as("%s", v.getClass()).isEqualTo(5L);
                }
            }
            assertThat(cur.execute("SELECT %s + 1, %s + 1, %s + 1", 1, Long.MAX_VALUE - 1, (short) 1).fetchOne().toList())
                    .containsExactly(2, Long.MAX_VALUE, 2);
            assertThat(cur.execute("SELECT s + %s, i + %s, l + %s, n + %s FROM widths LIMIT 1", 1L, 1L, 1, 1L)
                    .fetchOne().toList()).containsExactly(8L, 8L, 8L, new BigDecimal("8"));
        }
        // a value too large for the column is the server's out-of-range error, not a silent wrap
        assertThatThrownBy(() -> c.execute("INSERT INTO widths (s) VALUES (%s)", 40_000))
                .isInstanceOf(dev.tusk.errors.NumericValueOutOfRange.class);
    }
}
