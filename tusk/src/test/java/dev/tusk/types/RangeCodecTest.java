package dev.tusk.types;

import static dev.tusk.types.Codec.A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DataException;
import dev.tusk.errors.ProgrammingException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ranges and multiranges without a server: the value class, text and binary forms, dumper choice. */
class RangeCodecTest {
    /** A range type over text in a scope of its own, to read bounds verbatim. */
    private static final int TEXTRANGE = 90001;
    private static final int TEXTMULTIRANGE = 90002;

    private static Adapters withTextRange() {
        Adapters a = Adapters.global().copy();
        a.registerRangeType(TEXTRANGE, Oids.TEXT, TEXTMULTIRANGE);
        return a;
    }

    private static Object load(Adapters a, int oid, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return a.loader(oid, Format.TEXT).load(b, 0, b.length, LoadContext.UTC);
    }

    private static String dumpText(Adapters a, Object value) {
        Dumper<Object> d = a.dumperFor(value);
        assertThat(d.format()).as("%s", d).isEqualTo(Format.TEXT);
        ByteSink out = new ByteSink();
        d.dump(value, out);
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void factoriesSayTheirBounds() {
        assertThat(Range.closedOpen(1, 5)).hasToString("[1,5)");
        assertThat(Range.closed(1, 5)).hasToString("[1,5]");
        assertThat(Range.open(1, 5)).hasToString("(1,5)");
        assertThat(Range.openClosed(1, 5)).hasToString("(1,5]");
        assertThat(Range.atLeast(1)).hasToString("[1,)");
        assertThat(Range.greaterThan(1)).hasToString("(1,)");
        assertThat(Range.atMost(5)).hasToString("(,5]");
        assertThat(Range.lessThan(5)).hasToString("(,5)");
        assertThat(Range.all()).hasToString("(,)");
        assertThat(Range.empty()).hasToString("empty");
        assertThat(Range.of(1, 5)).isEqualTo(Range.closedOpen(1, 5));
        assertThat(Range.of(1, 5, "(]")).isEqualTo(Range.openClosed(1, 5));
        // an unbounded side is never inclusive, as on the server
        assertThat(Range.of(null, 5, "[]")).isEqualTo(Range.atMost(5)).hasToString("(,5]");
        assertThat(Range.of(null, null, "[]")).isEqualTo(Range.all());
        Range<Integer> r = Range.openClosed(1, 5);
        assertThat(r.lower()).isEqualTo(1);
        assertThat(r.upper()).isEqualTo(5);
        assertThat(r.lowerInclusive()).isFalse();
        assertThat(r.upperInclusive()).isTrue();
        assertThat(r.isEmpty()).isFalse();
        assertThat(Range.empty().isEmpty()).isTrue();
        assertThat(Range.empty().lower()).isNull();
        assertThat(Range.empty()).isNotEqualTo(Range.all());
        assertThat(Range.closed(1, 5)).isNotEqualTo(Range.closedOpen(1, 6)).isEqualTo(Range.of(1, 5, "[]"));
        assertThat(Range.closed(1, 5).hashCode()).isEqualTo(Range.of(1, 5, "[]").hashCode());
        assertThat(Range.closedOpen("a b", "c\"d")).hasToString("[\"a b\",\"c\"\"d\")");
        assertThat(Range.closedOpen("", "\\")).hasToString("[\"\",\"\\\\\")");
        assertThatThrownBy(() -> Range.of(1, 2, "[[")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Range.of(1, 2, "[ )")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Range.closed(null, 2)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Range.atLeast(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void containsComparesWithTheBounds() {
        assertThat(Range.closedOpen(1, 5).contains(1)).isTrue();
        assertThat(Range.closedOpen(1, 5).contains(5)).isFalse();
        assertThat(Range.open(1, 5).contains(1)).isFalse();
        assertThat(Range.closed(1, 5).contains(5)).isTrue();
        assertThat(Range.closed(1, 5).contains(0)).isFalse();
        assertThat(Range.atLeast(3).contains(Integer.MAX_VALUE)).isTrue();
        assertThat(Range.lessThan(3).contains(Integer.MIN_VALUE)).isTrue();
        assertThat(Range.<Integer>all().contains(0)).isTrue();
        assertThat(Range.<Integer>empty().contains(0)).isFalse();
        assertThat(Range.closed(new BigDecimal("1.0"), new BigDecimal("2")).contains(new BigDecimal("2.00"))).isTrue();
        assertThat(Range.closedOpen(LocalDate.MIN, LocalDate.MAX).contains(LocalDate.of(2024, 1, 1))).isTrue();
        assertThatThrownBy(() -> Range.closed(1, 2).contains(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void multirangeIsAnImmutableListOfRanges() {
        Multirange<Integer> m = Multirange.of(Range.closedOpen(1, 3), Range.closedOpen(5, 7));
        assertThat(m).hasSize(2).containsExactly(Range.closedOpen(1, 3), Range.closedOpen(5, 7));
        assertThat(m).hasToString("{[1,3),[5,7)}");
        assertThat(m).isEqualTo(List.of(Range.closedOpen(1, 3), Range.closedOpen(5, 7)));
        assertThat(Multirange.of(List.of(Range.atMost(0), Range.atLeast(10)))).hasToString("{(,0],[10,)}");
        assertThat(Multirange.empty()).isEmpty();
        assertThat(Multirange.empty()).hasToString("{}");
        assertThat(Multirange.of()).isSameAs(Multirange.empty());
        assertThatThrownBy(() -> m.set(0, Range.empty())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Multirange.of(Range.closed(1, 2), null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void textFormReads() {
        assertThat(Codec.text(Oids.INT4RANGE, "[1,5)")).isEqualTo(Range.closedOpen(1, 5));
        assertThat(Codec.text(Oids.INT4RANGE, "(,5)")).isEqualTo(Range.lessThan(5));
        assertThat(Codec.text(Oids.INT4RANGE, "[1,)")).isEqualTo(Range.atLeast(1));
        assertThat(Codec.text(Oids.INT4RANGE, "(,)")).isEqualTo(Range.all());
        assertThat(Codec.text(Oids.INT4RANGE, "[,]")).isEqualTo(Range.all());
        assertThat(Codec.text(Oids.INT4RANGE, "empty")).isEqualTo(Range.empty());
        assertThat(Codec.text(Oids.INT4RANGE, " EmPtY ")).isEqualTo(Range.empty());
        assertThat(Codec.text(Oids.INT4RANGE, " [\"1\",5] ")).isEqualTo(Range.closed(1, 5));
        assertThat(Codec.text(Oids.NUMRANGE, "[1.50,Infinity)"))
                .isEqualTo(Range.closedOpen(new BigDecimal("1.50"), Double.POSITIVE_INFINITY));
        assertThat(Codec.text(Oids.TSRANGE, "[\"2024-01-01 00:00:00\",\"2024-02-01 00:00:00\")"))
                .isEqualTo(Range.closedOpen(LocalDateTime.of(2024, 1, 1, 0, 0), LocalDateTime.of(2024, 2, 1, 0, 0)));
        assertThat(Codec.text(Oids.TSRANGE, "[-infinity,infinity]"))
                .isEqualTo(Range.closed(LocalDateTime.MIN, LocalDateTime.MAX));
        assertThat(Codec.text(Oids.DATERANGE, "[2024-01-01,infinity)"))
                .isEqualTo(Range.closedOpen(LocalDate.of(2024, 1, 1), LocalDate.MAX));
        assertThat(Codec.text(Oids.TSTZRANGE, "[\"2024-01-01 00:00:00+01\",)"))
                .isEqualTo(Range.atLeast(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(1))));
        Adapters a = withTextRange();
        assertThat(load(a, TEXTRANGE, "[\"a\"\"b\",\"c\\\\d\")")).isEqualTo(Range.closedOpen("a\"b", "c\\d"));
        assertThat(load(a, TEXTRANGE, "[\" a \",)")).isEqualTo(Range.atLeast(" a "));
        assertThat(load(a, TEXTRANGE, "[\"\",x]")).isEqualTo(Range.closed("", "x"));
        assertThat(load(a, TEXTRANGE, "[a\\,b,c\"(\"d)")).isEqualTo(Range.closedOpen("a,b", "c(d"));
        assertThat(load(a, TEXTRANGE, "( a , b ]")).isEqualTo(Range.openClosed(" a ", " b "));
        assertThat(load(a, TEXTRANGE, "[\"]\",\"é ✓\"]")).isEqualTo(Range.closed("]", "é ✓"));
    }

    @Test
    void multirangeTextFormReads() {
        assertThat(Codec.text(Oids.INT4MULTIRANGE, "{}")).isEqualTo(Multirange.empty());
        assertThat(Codec.text(Oids.INT4MULTIRANGE, " { } ")).isEqualTo(List.of());
        assertThat(Codec.text(Oids.INT4MULTIRANGE, "{[1,3),[5,7)}"))
                .isEqualTo(List.of(Range.closedOpen(1, 3), Range.closedOpen(5, 7)));
        assertThat(Codec.text(Oids.INT4MULTIRANGE, " { [1,3) , EMPTY,(,0] } "))
                .isEqualTo(List.of(Range.closedOpen(1, 3), Range.atMost(0)));
        assertThat(Codec.text(Oids.INT4MULTIRANGE, "{[1,3)}")).isInstanceOf(Multirange.class);
        assertThat(load(withTextRange(), TEXTMULTIRANGE, "{[\"}\",\"a,b\"),(x,]}"))
                .isEqualTo(List.of(Range.closedOpen("}", "a,b"), Range.greaterThan("x")));
    }

    @Test
    void malformedTextFailsClearly() {
        for (String bad : List.of("", " ", "1,5", "[1,5", "[1,5)x", "(1,2,3)", "[", "[1", "emptyx",
                "empty empty", "[\"1,5)", "[1,5\\")) {
            assertThatThrownBy(() -> Codec.text(Oids.INT4RANGE, bad)).as(bad).isInstanceOf(DataException.class)
                    .hasMessageContaining("range");
        }
        for (String bad : List.of("", "[1,2)", "{", "{[1,2)", "{[1,2),}", "{,}", "{[1,2) [3,4)}", "{}x", "{1}")) {
            assertThatThrownBy(() -> Codec.text(Oids.INT4MULTIRANGE, bad)).as(bad).isInstanceOf(DataException.class)
                    .hasMessageContaining("range");
        }
    }

    @Test
    void binaryFormIsTheServers() {
        // SELECT range_send('[1,5)'::int4range), multirange_send('{[1,3),[5,7)}'::int4multirange)
        assertThat(Codec.binary(Oids.INT4RANGE, "02 00000004 00000001 00000004 00000005"))
                .isEqualTo(Range.closedOpen(1, 5));
        assertThat(Codec.binary(Oids.INT4MULTIRANGE,
                "00000002 00000011 02 00000004 00000001 00000004 00000003 00000011 02 00000004 00000005 00000004 00000007"))
                .isEqualTo(List.of(Range.closedOpen(1, 3), Range.closedOpen(5, 7)));
        assertThat(Codec.binary(Oids.INT4RANGE, "01")).isEqualTo(Range.empty());
        assertThat(Codec.binary(Oids.INT4RANGE, "18")).isEqualTo(Range.all());
        assertThat(Codec.binary(Oids.INT4RANGE, "0c 00000004 00000005")).isEqualTo(Range.atMost(5));
        assertThat(Codec.binary(Oids.INT4RANGE, "12 00000004 00000001")).isEqualTo(Range.atLeast(1));
        assertThat(Codec.binary(Oids.INT4RANGE, "81")).isEqualTo(Range.empty()); // contain-empty: GiST's business
        assertThat(Codec.binary(Oids.INT4MULTIRANGE, "00000000")).isEqualTo(Multirange.empty());
        assertThat(Codec.dumpHex(Range.closedOpen(1, 5))).isEqualTo("02" + "00000004" + "00000001" + "00000004" + "00000005");
        assertThat(Codec.dumpHex(Range.atMost(5))).isEqualTo("0c" + "00000004" + "00000005");
        assertThat(Codec.dumpHex(Range.greaterThan(5L))).isEqualTo("10" + "00000008" + "0000000000000005");
        assertThat(Codec.dumpHex(Multirange.of(Range.closedOpen(1, 3), Range.closedOpen(5, 7)))).isEqualTo(
                "00000002" + "00000011" + "02000000040000000100000004" + "00000003"
                        + "00000011" + "02000000040000000500000004" + "00000007");
    }

    @Test
    void badBinaryFailsClearly() {
        for (String hex : List.of("", "01 00", "02 00000004 00000001", "02 00000004 00000001 00000004",
                "02 00000010 00000001 00000004 00000005", "18 00", "02 ffffffff 00000004 00000005")) {
            assertThatThrownBy(() -> Codec.binary(Oids.INT4RANGE, hex)).as(hex).isInstanceOf(DataException.class)
                    .hasMessageContaining("range");
        }
        for (String hex : List.of("", "000000", "00000001", "00000001 00000001", "00000001 00000001 18 00",
                "00000002 00000001 18", "7fffffff 00000001 18", "00000000 00")) {
            assertThatThrownBy(() -> Codec.binary(Oids.INT4MULTIRANGE, hex)).as(hex)
                    .isInstanceOf(DataException.class).hasMessageContaining("multirange");
        }
    }

    @Test
    void theBoundsDecideTheRangeType() {
        assertThat(A.dumperFor(Range.closed(1, 5)).oid()).isEqualTo(Oids.INT4RANGE);
        assertThat(A.dumperFor(Range.closed(1L, 5L)).oid()).isEqualTo(Oids.INT8RANGE);
        assertThat(A.dumperFor(Range.closed(1, 5L)).oid()).isEqualTo(Oids.INT8RANGE);
        assertThat(A.dumperFor(Range.closed((short) 1, 5)).oid()).isEqualTo(Oids.INT4RANGE);
        assertThat(A.dumperFor(Range.closed(1, new BigDecimal("5.5"))).oid()).isEqualTo(Oids.NUMRANGE);
        assertThat(A.dumperFor(Range.atLeast(new BigDecimal("5.5"))).oid()).isEqualTo(Oids.NUMRANGE);
        assertThat(A.dumperFor(Range.atMost(LocalDateTime.MAX)).oid()).isEqualTo(Oids.TSRANGE);
        assertThat(A.dumperFor(Range.atMost(OffsetDateTime.MAX)).oid()).isEqualTo(Oids.TSTZRANGE);
        assertThat(A.dumperFor(Range.atMost(Instant.EPOCH)).oid()).isEqualTo(Oids.TSTZRANGE);
        assertThat(A.dumperFor(Range.atMost(LocalDate.MAX)).oid()).isEqualTo(Oids.DATERANGE);
        for (Object v : List.of(Range.closed(1, 5), Range.atMost(LocalDate.MAX), Multirange.of(Range.closed(1, 2)))) {
            assertThat(A.dumperFor(v).format()).as("%s", v).isEqualTo(Format.BINARY);
        }
        assertThat(A.dumperFor(Multirange.of(Range.closed(1, 2), Range.atLeast(5L))).oid())
                .isEqualTo(Oids.INT8MULTIRANGE);
        assertThat(A.dumperFor(Multirange.of(Range.empty(), Range.closed(LocalDate.MIN, LocalDate.MAX))).oid())
                .isEqualTo(Oids.DATEMULTIRANGE);
        // nothing to tell the type: text, the type left to the server
        for (Object v : List.of(Range.empty(), Range.all(), Multirange.empty(), Multirange.of(Range.all()),
                Range.closed("a", "b"), Range.closed(1.5, 2.5))) {
            assertThat(A.dumperFor(v).oid()).as("%s", v).isZero();
            assertThat(A.dumperFor(v).format()).as("%s", v).isEqualTo(Format.TEXT);
        }
        assertThat(dumpText(A, Range.empty())).isEqualTo("empty");
        assertThat(dumpText(A, Range.all())).isEqualTo("(,)");
        assertThat(dumpText(A, Multirange.empty())).isEqualTo("{}");
        assertThat(dumpText(A, Range.closedOpen("a b", "c)"))).isEqualTo("[\"a b\",\"c)\")");
        assertThat(dumpText(A, Multirange.of(Range.closed(1.5, 2.5), Range.atLeast(3.0)))).isEqualTo("{[1.5,2.5],[3.0,)}");
        assertThat(A.dumperForClass(Range.class).oid()).isZero();
        assertThat(A.dumperFor(Range.closed(1, 5))).hasToString("Dumper[int4range, BINARY]");
    }

    @Test
    void mixedBoundsFailClearly() {
        assertThatThrownBy(() -> A.dumperFor(Range.closed(1, "a"))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("range whose bounds have different types")
                .hasMessageContaining("int4 (java.lang.Integer)").hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> A.dumperFor(Range.closed(1, LocalDate.MIN))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("date");
        assertThatThrownBy(() -> A.dumperFor(Multirange.of(Range.closed(1, 2), Range.closed(1.5, 2.5))))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("multirange whose bounds");
        assertThatThrownBy(() -> A.dumperFor(Range.closed(new Object(), new Object())))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("java.lang.Object");
        Dumper<Object> ints = A.dumperFor(Range.closed(1, 5));
        assertThatThrownBy(() -> ints.dump(Range.closed("a", "b"), new ByteSink()))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("another type");
    }

    @Test
    void literalsAreTheTextFormQuotedAndCast() {
        assertThat(Codec.quote(Range.closedOpen(1, 5))).isEqualTo("'[1,5)'::int4range");
        assertThat(Codec.quote(Range.closed(1, 5L))).isEqualTo("'[1,5]'::int8range");
        assertThat(Codec.quote(Range.atMost(new BigDecimal("-1.50")))).isEqualTo("'(,-1.50]'::numrange");
        assertThat(Codec.quote(Range.closedOpen(LocalDateTime.of(2024, 1, 1, 0, 0), LocalDateTime.MAX)))
                .isEqualTo("'[\"2024-01-01 00:00:00\",infinity)'::tsrange");
        assertThat(Codec.quote(Range.closed(LocalDate.MIN, LocalDate.of(-43, 3, 15))))
                .isEqualTo("'[-infinity,\"0044-03-15 BC\"]'::daterange");
        assertThat(Codec.quote(Range.atLeast(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2)))))
                .isEqualTo("'[\"2024-01-01 00:00:00+02:00\",)'::tstzrange");
        assertThat(Codec.quote(Range.empty())).isEqualTo("'empty'");
        assertThat(Codec.quote(Range.closed("it's", "a\\b"))).isEqualTo(" E'[it''s,\"a\\\\\\\\b\"]'");
        assertThat(Codec.quote(Multirange.of(Range.closedOpen(1, 3), Range.closedOpen(5, 7))))
                .isEqualTo("'{[1,3),[5,7)}'::int4multirange");
        assertThat(Codec.quote(Multirange.empty())).isEqualTo("'{}'");
    }

    @Test
    void rangesRoundTripThroughTheirOwnCodecs() {
        Object[] values = {
            Range.closedOpen(1, 5), Range.atMost(Long.MIN_VALUE), Range.greaterThan(new BigDecimal("1e-30")),
            Range.closed(LocalDateTime.MIN, LocalDateTime.MAX), Range.open(LocalDate.of(2024, 2, 29), LocalDate.MAX),
            Range.closedOpen(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 1000, ZoneOffset.UTC), OffsetDateTime.MAX),
            Multirange.of(Range.closedOpen(1, 3), Range.atLeast(5)),
        };
        for (Object v : values) {
            assertThat(Codec.roundTrip(v)).as("%s", v).isEqualTo(v);
            Dumper<Object> d = A.dumperFor(v);
            String text = Literals.textOf(d.quote(v));
            assertThat(Codec.text(d.oid(), text)).as(text).isEqualTo(v);
        }
    }

    @Test
    void arraysOfRangesTakeTheirTypeFromAllTheBounds() {
        Object a = List.of(Range.closed(1, 2), Range.empty(), Range.atLeast(3));
        assertThat(A.dumperFor(a).oid()).isEqualTo(3905);
        assertThat(A.dumperFor(a).format()).isEqualTo(Format.BINARY);
        assertThat(Codec.roundTrip(a)).isEqualTo(a);
        assertThat(A.dumperFor(List.of(Range.closed(1, 2), Range.closed(3L, 4L))).oid()).isEqualTo(3927);
        assertThat(A.dumperFor(List.of(Range.empty())).oid()).isZero();
        assertThat(Codec.quote(List.of(Range.closed(1, 2), Range.empty()))).isEqualTo("'{\"[1,2]\",empty}'::int4range[]");
        Object m = List.of(Multirange.of(Range.closed(1, 2)), Multirange.empty());
        assertThat(A.dumperFor(m).oid()).isEqualTo(6150);
        assertThat(Codec.roundTrip(m)).isEqualTo(m);
        assertThat(Codec.text(3905, "{\"[1,3)\",empty,NULL}")).isEqualTo(java.util.Arrays.asList(
                Range.closedOpen(1, 3), Range.empty(), null));
        assertThatThrownBy(() -> A.dumperFor(List.of(Range.closed(1, 2), Range.closed("a", "b"))))
                .isInstanceOf(ProgrammingException.class).hasMessageContaining("range whose bounds");
        assertThatThrownBy(() -> A.dumperFor(List.of(Range.closed(1, 2), Multirange.of(Range.closed(1, 2)))))
                .isInstanceOf(ProgrammingException.class);
    }

    @Test
    void rangeLoadersFollowTheirSubtypeLoaders() {
        Adapters a = Adapters.global().copy();
        for (int oid : new int[] {Oids.INT4RANGE, Oids.INT4MULTIRANGE, 3905, 6150}) {
            assertThat(a.hasBinaryLoader(oid)).as("%d", oid).isTrue();
        }
        a.registerLoader(Oids.INT4, Loader.text(s -> "int " + s));
        assertThat(a.hasBinaryLoader(Oids.INT4RANGE)).isFalse();
        assertThat(a.hasLoader(Oids.INT4RANGE, Format.TEXT)).isTrue();
        assertThat(load(a, Oids.INT4RANGE, "[1,5)")).isEqualTo(Range.closedOpen("int 1", "int 5"));
        assertThat(load(a, Oids.INT4MULTIRANGE, "{[1,5)}")).isEqualTo(List.of(Range.closedOpen("int 1", "int 5")));
        assertThat(load(a, 3905, "{\"[1,5)\"}")).isEqualTo(List.of(Range.closedOpen("int 1", "int 5")));
        assertThat(Codec.text(Oids.INT4RANGE, "[1,5)")).isEqualTo(Range.closedOpen(1, 5));
        a.registerLoader(Oids.INT4RANGE, Loader.text(s -> "mine"));
        assertThat(load(a, Oids.INT4RANGE, "[1,5)")).isEqualTo("mine");
        assertThat(load(a, 3905, "{\"[1,5)\"}")).isEqualTo(List.of("mine"));
        // a subtype without loaders: its text, or its bytes
        Adapters b = Adapters.global().copy();
        b.registerRangeType(90003, 90004, 0);
        assertThat(b.hasBinaryLoader(90003)).isFalse();
        assertThat(load(b, 90003, "[a,b)")).isEqualTo(Range.closedOpen("a", "b"));
    }

    @Test
    void moreRangeTypesCanBeRegistered() {
        Adapters a = Adapters.global().copy();
        a.registerRangeType(90010, Oids.FLOAT8, 90011);
        assertThat(a.dumperFor(Range.closed(1.5, 2.5)).oid()).isEqualTo(90010);
        assertThat(a.dumperFor(Range.closed(1.5f, 2.5)).oid()).isEqualTo(90010);
        assertThat(a.dumperFor(Multirange.of(Range.closed(1.5, 2.5))).oid()).isEqualTo(90011);
        assertThat(a.dumperFor(Range.closed(1.5, 2.5)).quote(Range.closed(1.5, 2.5))).isEqualTo("'[1.5,2.5]'");
        assertThat(A.dumperFor(Range.closed(1.5, 2.5)).oid()).isZero();
        assertThat(a.hasBinaryLoader(90010)).isTrue();
        assertThat(a.loader(90010, Format.BINARY).load(Codec.hex("06 00000008 3ff8000000000000 00000008 4004000000000000"),
                0, 25, LoadContext.UTC)).isEqualTo(Range.closed(1.5, 2.5));
        // a user's range over int4 does not take Range<Integer> from int4range
        a.registerRangeType(90020, Oids.INT4, 0);
        assertThat(a.dumperFor(Range.closed(1, 2)).oid()).isEqualTo(Oids.INT4RANGE);
        assertThat(load(a, 90020, "[1,2)")).isEqualTo(Range.closedOpen(1, 2));
        // registered again with other OIDs (DROP TYPE, CREATE TYPE): the new ones count
        a.registerRangeType(90030, Oids.FLOAT8, 90031);
        assertThat(a.dumperFor(Range.closed(1.5, 2.5)).oid()).isEqualTo(90030);
        assertThatThrownBy(() -> a.registerRangeType(0, 701, 0)).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> a.registerRangeType(90040, 0, 0)).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> a.registerRangeType(90040, 90040, 0)).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> a.registerRangeType(90040, 701, 701)).isInstanceOf(ProgrammingException.class);
        // a type built from itself would make its loader from itself
        a.registerArrayType(90050, 90040, ',');
        assertThatThrownBy(() -> a.registerRangeType(90040, 90050, 0)).isInstanceOf(ProgrammingException.class);
        a.registerRangeType(90060, 90070, 0);
        assertThatThrownBy(() -> a.registerArrayType(90070, 90060, ',')).isInstanceOf(ProgrammingException.class);
        assertThat(Oids.name(Oids.TSTZMULTIRANGE)).isEqualTo("tstzmultirange");
        assertThat(Oids.name(3911)).isEqualTo("tstzrange[]");
    }
}
