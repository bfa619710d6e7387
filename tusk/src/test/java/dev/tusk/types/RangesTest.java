package dev.tusk.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.Connection;
import dev.tusk.Cursor;
import dev.tusk.Row;
import dev.tusk.errors.DataException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.testing.Dsn;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ranges and multiranges against the real server: every built-in range and multirange type
 * sent as a parameter and as a {@code mogrify} literal, loaded back from text results
 * (unprepared) and binary results (prepared); arrays of them; a user-defined range type; and
 * thousands of random ranges compared with what the server itself prints.
 */
class RangesTest extends TextAndBinaryTest {
    private static final LocalDateTime T1 = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final LocalDateTime T2 = LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000);
    private static final LocalDateTime BC = LocalDateTime.of(-43, 3, 15, 12, 0);
    private static final OffsetDateTime Z1 = T1.atOffset(ZoneOffset.UTC);
    private static final OffsetDateTime Z2 = T2.atOffset(ZoneOffset.UTC);
    private static final LocalDate D1 = LocalDate.of(2024, 1, 1);
    private static final LocalDate D2 = LocalDate.of(2024, 1, 31);
    private static final BigDecimal TINY = new BigDecimal("0.000000000000000000001");
    private static final BigDecimal HUGE = new BigDecimal("98765432109876543210.0123456789");

    RangesTest(@Dsn String dsn) {
        super(dsn);
    }

    /** {@code SELECT %s::type} through both connections, twice (prepared on the second go), and as a literal. */
    private void assertRoundTrip(String type, Object sent, Object expected) {
        forEachLoad(type, sent, (back, how) -> assertThat(back).as("%s as %s", sent, how).isEqualTo(expected));
        assertLiteralReadsBack(sent, "::" + type);
    }

    @Test
    void theRangeTypeTableIsTheServers() {
        List<Row> rows = text.execute("SELECT rngtypid, rngsubtype, rngmultitypid, rngtypid::regtype::text,"
                + " rngmultitypid::regtype::text, r.typarray, m.typarray FROM pg_range"
                + " JOIN pg_type r ON r.oid = rngtypid JOIN pg_type m ON m.oid = rngmultitypid"
                + " WHERE rngtypid < 10000 ORDER BY 1").fetchAll();
        List<Integer> triples = new ArrayList<>();
        for (Row r : rows) {
            int range = r.get(0, Long.class).intValue();
            int multirange = r.get(2, Long.class).intValue();
            triples.addAll(List.of(range, r.get(1, Long.class).intValue(), multirange));
            assertThat(Oids.name(range)).isEqualTo(r.get(3));
            assertThat(Oids.name(multirange)).isEqualTo(r.get(4));
            assertThat(ArrayTypes.BUILTINS.ofArray(r.get(5, Long.class).intValue()).elementOid()).isEqualTo(range);
            assertThat(ArrayTypes.BUILTINS.ofArray(r.get(6, Long.class).intValue()).elementOid()).isEqualTo(multirange);
        }
        List<Integer> ours = new ArrayList<>();
        for (int oid : RangeTypes.builtinTriples()) {
            ours.add(oid);
        }
        assertThat(ours).containsExactlyInAnyOrderElementsOf(triples);
        assertThat(triples).hasSize(18);
    }

    @Test
    void discreteRangesComeBackCanonical() {
        assertRoundTrip("int4range", Range.closedOpen(1, 5), Range.closedOpen(1, 5));
        assertRoundTrip("int4range", Range.closed(1, 5), Range.closedOpen(1, 6));
        assertRoundTrip("int4range", Range.open(1, 5), Range.closedOpen(2, 5));
        assertRoundTrip("int4range", Range.openClosed(1, 5), Range.closedOpen(2, 6));
        assertRoundTrip("int4range", Range.atLeast(Integer.MIN_VALUE), Range.atLeast(Integer.MIN_VALUE));
        assertRoundTrip("int4range", Range.greaterThan(1), Range.atLeast(2));
        assertRoundTrip("int4range", Range.atMost(5), Range.lessThan(6));
        assertRoundTrip("int4range", Range.lessThan(5), Range.lessThan(5));
        assertRoundTrip("int4range", Range.closed(Integer.MIN_VALUE, Integer.MAX_VALUE - 1),
                Range.closedOpen(Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertRoundTrip("int4range", Range.closedOpen(3, 3), Range.empty());
        assertRoundTrip("int4range", Range.open(3, 4), Range.empty());
        assertRoundTrip("int8range", Range.closed(Long.MIN_VALUE, 0L), Range.closedOpen(Long.MIN_VALUE, 1L));
        assertRoundTrip("int8range", Range.greaterThan(-1L), Range.atLeast(0L));
        assertRoundTrip("int8range", Range.openClosed(1, 5L), Range.closedOpen(2L, 6L));
        assertRoundTrip("daterange", Range.closed(D1, D2), Range.closedOpen(D1, D2.plusDays(1)));
        assertRoundTrip("daterange", Range.open(D1, D2), Range.closedOpen(D1.plusDays(1), D2));
        assertRoundTrip("daterange", Range.atMost(BC.toLocalDate()), Range.lessThan(BC.toLocalDate().plusDays(1)));
    }

    @Test
    void emptyAndUnboundedRangesOfEveryType() {
        for (String type : List.of("int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange")) {
            assertRoundTrip(type, Range.empty(), Range.empty());
            assertRoundTrip(type, Range.all(), Range.all());
            assertRoundTrip(type, Range.of(null, null, "[]"), Range.all());
            for (Connection c : both()) {
                assertThat(c.execute("SELECT %s::" + type, (Object) null).fetchOne().get(0)).isNull();
            }
        }
    }

    @Test
    void continuousRangesComeBackAsSent() {
        List<Range<?>> nums = List.of(Range.closed(TINY, HUGE), Range.open(HUGE.negate(), TINY),
                Range.closedOpen(new BigDecimal("1.10"), new BigDecimal("1.1001")), Range.atLeast(new BigDecimal("-0.5")),
                Range.lessThan(new BigDecimal("1e-30")), Range.openClosed(BigDecimal.ZERO, BigDecimal.ONE));
        for (Range<?> r : nums) {
            assertRoundTrip("numrange", r, r);
        }
        assertRoundTrip("numrange", Range.closed(1, new BigDecimal("2.5")),
                Range.closed(BigDecimal.ONE, new BigDecimal("2.5")));
        assertRoundTrip("numrange", Range.closedOpen(new BigDecimal("1.0"), new BigDecimal("1.00")), Range.empty());
        List<Range<?>> timestamps = List.of(Range.closedOpen(T1, T2), Range.open(BC, T1), Range.closed(T1, T1),
                Range.closed(LocalDateTime.MIN, LocalDateTime.MAX), Range.atMost(LocalDateTime.MAX),
                Range.greaterThan(LocalDateTime.MIN), Range.openClosed(LocalDateTime.MIN, BC));
        for (Range<?> r : timestamps) {
            assertRoundTrip("tsrange", r, r);
        }
        List<Range<?>> instants = List.of(Range.closedOpen(Z1, Z2), Range.closed(OffsetDateTime.MIN, OffsetDateTime.MAX),
                Range.atLeast(BC.atOffset(ZoneOffset.UTC)), Range.lessThan(OffsetDateTime.MAX));
        for (Range<?> r : instants) {
            assertRoundTrip("tstzrange", r, r);
        }
        assertRoundTrip("tstzrange", Range.atLeast(Instant.parse("2024-01-01T00:00:00Z")), Range.atLeast(Z1));
        assertRoundTrip("tstzrange", Range.closedOpen(Z1.withOffsetSameInstant(ZoneOffset.ofHours(-7)), Z2),
                Range.closedOpen(Z1, Z2));
        // infinity values are not canonicalised away, even in a discrete range
        assertRoundTrip("daterange", Range.closed(LocalDate.MIN, LocalDate.MAX), Range.closed(LocalDate.MIN, LocalDate.MAX));
        assertRoundTrip("daterange", Range.open(D1, LocalDate.MAX), Range.closedOpen(D1.plusDays(1), LocalDate.MAX));
    }

    @Test
    void tstzrangeComesBackInTheSessionTimeZone() {
        ZoneOffset kolkata = ZoneOffset.ofHoursMinutes(5, 30);
        for (Connection c : both()) {
            c.execute("SET TimeZone = 'Asia/Kolkata'");
        }
        assertRoundTrip("tstzrange", Range.closedOpen(Z1, Z2),
                Range.closedOpen(Z1.withOffsetSameInstant(kolkata), Z2.withOffsetSameInstant(kolkata)));
        assertRoundTrip("tstzrange", Range.closed(OffsetDateTime.MIN, Z1),
                Range.closed(OffsetDateTime.MIN, Z1.withOffsetSameInstant(kolkata)));
        assertRoundTrip("tstzmultirange", Multirange.of(Range.atLeast(Z2), Range.lessThan(Z1)),
                Multirange.of(Range.lessThan(Z1.withOffsetSameInstant(kolkata)),
                        Range.atLeast(Z2.withOffsetSameInstant(kolkata))));
    }

    @Test
    void multirangesOfEveryTypeComeBackNormalised() {
        assertRoundTrip("int4multirange", Multirange.of(Range.closed(5, 7), Range.closedOpen(1, 3), Range.empty()),
                Multirange.of(Range.closedOpen(1, 3), Range.closedOpen(5, 8)));
        assertRoundTrip("int4multirange", Multirange.of(Range.atMost(0), Range.atLeast(10)),
                Multirange.of(Range.lessThan(1), Range.atLeast(10)));
        assertRoundTrip("int4multirange", Multirange.of(Range.closed(1, 5), Range.closed(3, 9)),
                Multirange.of(Range.closedOpen(1, 10)));
        assertRoundTrip("int4multirange", Multirange.of(Range.all()), Multirange.of(Range.all()));
        assertRoundTrip("int8multirange", Multirange.of(Range.closed(1L, 2L)), Multirange.of(Range.closedOpen(1L, 3L)));
        Multirange<BigDecimal> nums = Multirange.of(Range.open(HUGE.negate(), TINY), Range.closed(BigDecimal.ONE, HUGE));
        assertRoundTrip("nummultirange", nums, nums);
        Multirange<LocalDateTime> timestamps = Multirange.of(Range.closed(LocalDateTime.MIN, BC), Range.open(T1, LocalDateTime.MAX));
        assertRoundTrip("tsmultirange", timestamps, timestamps);
        assertRoundTrip("tstzmultirange", Multirange.of(Range.closedOpen(Z1, Z2)), Multirange.of(Range.closedOpen(Z1, Z2)));
        assertRoundTrip("datemultirange", Multirange.of(Range.closed(D1, D2), Range.atLeast(LocalDate.MAX)),
                Multirange.of(Range.closedOpen(D1, D2.plusDays(1)), Range.atLeast(LocalDate.MAX)));
        for (String type : List.of("int4multirange", "int8multirange", "nummultirange", "tsmultirange",
                "tstzmultirange", "datemultirange")) {
            assertRoundTrip(type, Multirange.empty(), Multirange.empty());
            for (Connection c : both()) {
                assertThat(c.execute("SELECT %s::" + type, (Object) null).fetchOne().get(0)).isNull();
            }
        }
    }

    @Test
    void arraysOfRangesAndMultiranges() {
        assertRoundTrip("int4range[]", Arrays.asList(Range.closed(1, 2), Range.empty(), Range.all(), null),
                Arrays.asList(Range.closedOpen(1, 3), Range.empty(), Range.all(), null));
        List<Range<OffsetDateTime>> tstz = List.of(Range.closedOpen(Z1, Z2), Range.atLeast(OffsetDateTime.MAX));
        assertRoundTrip("tstzrange[]", tstz, tstz);
        assertRoundTrip("tstzrange[]", List.of(List.of(Range.closedOpen(Z1, Z2)), List.of(Range.<OffsetDateTime>empty())),
                List.of(List.of(Range.closedOpen(Z1, Z2)), List.of(Range.empty())));
        assertRoundTrip("int4multirange[]", List.of(Multirange.of(Range.closed(1, 2)), Multirange.empty()),
                List.of(Multirange.of(Range.closedOpen(1, 3)), Multirange.empty()));
        assertRoundTrip("daterange[]", List.of(Range.empty()), List.of(Range.empty()));
        for (Connection c : both()) {
            for (int i = 0; i < 2; i++) {
                Row r = c.execute("SELECT '{\"[1,3)\",empty}'::int4range[]").fetchOne();
                assertThat(r.get(0, Range[].class)).containsExactly(Range.closedOpen(1, 3), Range.empty());
            }
        }
    }

    @Test
    void aLoaderRegisteredForTheSubtypeAppliesInsideRangesInEitherFormat() {
        text.adapters().registerLoader(Oids.TIMESTAMPTZ, Loader.text(s -> "text " + s));
        binary.adapters().registerLoader(Oids.TIMESTAMPTZ, Format.BINARY, (b, off, len, ctx) -> "binary " + len);
        String sql = "SELECT %s::tstzrange, %s::tstzmultirange, ARRAY[%s::tstzrange]";
        Range<OffsetDateTime> r = Range.closedOpen(Z1, Z2);
        for (int i = 0; i < 2; i++) {
            Row t = text.execute(sql, r, Multirange.of(r), r).fetchOne();
            Range<String> expected = Range.closedOpen("text 2024-01-01 00:00:00+00", "text 2024-02-29 23:59:59.999999+00");
            assertThat(t.toList()).containsExactly(expected, List.of(expected), List.of(expected));
        }
        binary.execute(sql, r, Multirange.of(r), r);
        Row b = binary.execute(sql, r, Multirange.of(r), r).fetchOne();
        Range<String> expected = Range.closedOpen("binary 8", "binary 8");
        assertThat(b.toList()).containsExactly(expected, List.of(expected), List.of(expected));
    }

    @Test
    void aUserDefinedRangeTypeLoadsAndDumpsOnceRegistered() {
        text.execute("DROP TYPE IF EXISTS tusk_floatrange CASCADE");
        text.execute("CREATE TYPE tusk_floatrange AS RANGE (subtype = float8, multirange_type_name = tusk_floatmultirange)");
        try {
            Row t = text.execute("SELECT rngtypid, rngsubtype, rngmultitypid, r.typarray, m.typarray FROM pg_range"
                    + " JOIN pg_type r ON r.oid = rngtypid JOIN pg_type m ON m.oid = rngmultitypid"
                    + " WHERE rngtypid = 'tusk_floatrange'::regtype").fetchOne();
            int range = t.get(0, Long.class).intValue();
            int multirange = t.get(2, Long.class).intValue();
            assertThat(text.execute("SELECT '[1.5,2.5)'::tusk_floatrange").fetchOne().get(0)).isEqualTo("[1.5,2.5)");
            for (Connection c : both()) {
                c.adapters().registerRangeType(range, t.get(1, Long.class).intValue(), multirange);
                c.adapters().registerArrayType(t.get(3, Long.class).intValue(), range, ',');
                c.adapters().registerArrayType(t.get(4, Long.class).intValue(), multirange, ',');
            }
            Range<Double> r = Range.closedOpen(1.5, 2.5);
            assertRoundTrip("tusk_floatrange", r, r);
            assertRoundTrip("tusk_floatrange", Range.openClosed(-1.0f, Double.POSITIVE_INFINITY),
                    Range.openClosed(-1.0, Double.POSITIVE_INFINITY));
            assertRoundTrip("tusk_floatrange", Range.empty(), Range.empty());
            assertRoundTrip("tusk_floatmultirange", Multirange.of(Range.atLeast(3.0), r), Multirange.of(r, Range.atLeast(3.0)));
            assertRoundTrip("tusk_floatrange[]", List.of(r, Range.all()), List.of(r, Range.all()));
            assertRoundTrip("tusk_floatmultirange[]", List.of(Multirange.of(r)), List.of(Multirange.of(r)));
            for (Connection c : both()) {
                // no cast: the parameter's OID is the type's
                assertThat(c.execute("SELECT pg_typeof(%s)::text", r).fetchOne().get(0)).isEqualTo("tusk_floatrange");
                assertThat(c.execute("SELECT %s @> 2.0::float8", r).fetchOne().get(0)).isEqualTo(true);
            }
        } finally {
            text.execute("DROP TYPE tusk_floatrange CASCADE");
        }
    }

    @Test
    void mogrifyShowsRangesAsTheirTextFormCast() {
        try (Cursor<Row> cur = text.cursor()) {
            assertThat(cur.mogrify("SELECT %s, %s, %s", Range.closedOpen(1, 5),
                    Multirange.of(Range.closedOpen(1, 3), Range.closedOpen(5, 7)), Range.empty()))
                    .isEqualTo("SELECT '[1,5)'::int4range, '{[1,3),[5,7)}'::int4multirange, 'empty'");
            assertThat(cur.mogrify("%s", Range.closedOpen(T1, LocalDateTime.MAX)))
                    .isEqualTo("'[\"2024-01-01 00:00:00\",infinity)'::tsrange");
            assertThat(cur.mogrify("%s", List.of(Range.closed(D1, D2))))
                    .isEqualTo("'{\"[2024-01-01,2024-01-31]\"}'::daterange[]");
        }
    }

    @Test
    void rowsConvertRanges() {
        Row r = text.execute("SELECT '[1,5)'::int4range, '{[1,3)}'::int4multirange").fetchOne();
        Range<?> range = r.get(0, Range.class);
        assertThat(range).isEqualTo(Range.closedOpen(1, 5));
        assertThat(r.get(0, String.class)).isEqualTo("[1,5)");
        assertThat(r.get(1, Multirange.class)).containsExactly(Range.closedOpen(1, 3));
        assertThat(r.get(1, List.class)).containsExactly(Range.closedOpen(1, 3));
    }

    @Test
    void errorsSurfaceAsTheyShould() {
        for (Connection c : both()) {
            assertThatThrownBy(() -> c.execute("SELECT %s::int4range", Range.closed(5, 1)))
                    .isInstanceOf(DataException.class).hasMessageContaining("lower bound must be less than or equal");
            assertThatThrownBy(() -> c.execute("SELECT %s", Range.closed(LocalDate.MAX, D1)))
                    .isInstanceOf(DataException.class);
            assertThatThrownBy(() -> c.execute("SELECT %s", Range.closed(1, Integer.MAX_VALUE)))
                    .isInstanceOf(DataException.class);
            assertThatThrownBy(() -> c.execute("SELECT %s", Range.closed(1, "a")))
                    .isInstanceOf(ProgrammingException.class).hasMessageContaining("different types");
            assertThat(c.execute("SELECT 1").fetchOne().get(0)).isEqualTo(1);
        }
    }

    @Test
    void containsAgreesWithTheServer() {
        Random random = new Random(7);
        List<Range<Integer>> ranges = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ranges.add(randomRange(random, r -> r.nextInt(21) - 10));
            values.add(random.nextInt(25) - 12);
        }
        List<Row> rows = binary.execute("SELECT v @> x FROM unnest(%s::int4range[], %s::int4[]) WITH ORDINALITY"
                + " t(v, x, i) ORDER BY i", ranges, values).fetchAll();
        for (int i = 0; i < ranges.size(); i++) {
            assertThat(ranges.get(i).contains(values.get(i))).as("%s @> %s", ranges.get(i), values.get(i))
                    .isEqualTo(rows.get(i).get(0));
        }
    }

    // ---- differential ------------------------------------------------------------------------

    /** A range type under test: its bounds' Java class, random bounds, and how to read them from the server's text. */
    record Spec(String type, int subtype, Class<?> javaType, Function<Random, Object> random,
            Function<String, Object> parseBound) {
        @Override
        public String toString() {
            return type;
        }
    }

    static Stream<Spec> specs() {
        return Stream.of(
                new Spec("int4range", Oids.INT4, Integer.class, r -> r.nextInt(10) == 0 ? Integer.MIN_VALUE
                        : (int) ScalarDifferentialTest.between(r, Integer.MIN_VALUE, Integer.MAX_VALUE - 1),
                        Integer::valueOf),
                new Spec("numrange", Oids.NUMERIC, BigDecimal.class, ScalarDifferentialTest::randomDecimal,
                        BigDecimal::new),
                new Spec("tstzrange", Oids.TIMESTAMPTZ, OffsetDateTime.class,
                        r -> infinityOr(r, OffsetDateTime.MIN, OffsetDateTime.MAX,
                                ScalarDifferentialTest.randomTimestamp(r).atOffset(ZoneOffset.UTC)),
                        t -> infinityOr(t, OffsetDateTime.MIN, OffsetDateTime.MAX,
                                s -> ScalarDifferentialTest.parseTimestamp(s.replaceFirst("\\+00( BC)?$", "$1"))
                                        .atOffset(ZoneOffset.UTC))),
                new Spec("daterange", Oids.DATE, LocalDate.class,
                        r -> infinityOr(r, LocalDate.MIN, LocalDate.MAX, LocalDate.ofEpochDay(ScalarDifferentialTest.between(r,
                                ScalarDifferentialTest.PG_MIN_EPOCH_DAY, ScalarDifferentialTest.PG_MAX_DATE_EPOCH_DAY - 1))),
                        t -> infinityOr(t, LocalDate.MIN, LocalDate.MAX, ScalarDifferentialTest::parseDate)));
    }

    private static Object infinityOr(Random r, Object min, Object max, Object value) {
        int pick = r.nextInt(50);
        return pick == 0 ? min : pick == 1 ? max : value;
    }

    private static Object infinityOr(String t, Object min, Object max, Function<String, Object> parse) {
        return t.equals("-infinity") ? min : t.equals("infinity") ? max : parse.apply(t);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> Range<T> randomRange(Random r, Function<Random, T> bound) {
        int pick = r.nextInt(100);
        if (pick < 3) {
            return Range.empty();
        }
        T a = bound.apply(r);
        T b = pick < 8 ? a : bound.apply(r);
        if (((Comparable) a).compareTo(b) > 0) {
            T swap = a;
            a = b;
            b = swap;
        }
        String bounds = (r.nextBoolean() ? "[" : "(") + (r.nextBoolean() ? "]" : ")");
        return Range.of(r.nextInt(10) == 0 ? null : a, r.nextInt(10) == 0 ? null : b, bounds);
    }

    /** The server's text of a range of numbers, dates or timestamps, read without Tusk: no commas or quotes in bounds. */
    private static Range<Object> parseServerText(String t, Function<String, Object> parseBound) {
        if (t.equals("empty")) {
            return Range.empty();
        }
        int comma = t.indexOf(',');
        Object lower = bound(t.substring(1, comma), parseBound);
        Object upper = bound(t.substring(comma + 1, t.length() - 1), parseBound);
        return Range.of(lower, upper, "" + t.charAt(0) + t.charAt(t.length() - 1));
    }

    private static Object bound(String s, Function<String, Object> parseBound) {
        if (s.isEmpty()) {
            return null;
        }
        return parseBound.apply(s.startsWith("\"") ? s.substring(1, s.length() - 1) : s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void loadedRangesMatchTheServersTextAndOurLiteralsReadBackTheSame(Spec spec) {
        Random random = new Random(spec.type().hashCode());
        List<Range<Object>> ranges = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ranges.add(randomRange(random, spec.random()));
        }
        String array = spec.type() + "[]";
        String select = "SELECT v, v::text FROM unnest(%s::" + array + ") WITH ORDINALITY t(v, i) ORDER BY i";
        List<Object> loaded = null;
        for (Connection c : both()) {
            for (int k = 0; k < 2; k++) {
                List<Row> rows = c.execute(select, ranges).fetchAll();
                assertThat(rows).hasSize(ranges.size());
                loaded = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    String serverText = rows.get(i).get(1, String.class);
                    assertThat(rows.get(i).get(0)).as("%s sent as %s", serverText, ranges.get(i))
                            .isEqualTo(parseServerText(serverText, spec.parseBound()));
                    loaded.add(rows.get(i).get(0));
                }
            }
        }
        try (Cursor<Row> cur = binary.cursor()) {
            // every range's literal, cast on the server, against the range sent out of band
            StringBuilder literals = new StringBuilder();
            for (Range<Object> r : ranges) {
                literals.append(literals.length() == 0 ? "" : ", ").append(cur.mogrify("%s", r).replace("%", "%%"));
            }
            List<Row> differ = cur.execute("SELECT i FROM unnest(ARRAY[" + literals + "]::" + array + ", %s::" + array
                    + ") WITH ORDINALITY t(lit, v, i) WHERE lit IS DISTINCT FROM v", ranges).fetchAll();
            assertThat(differ).as("ranges whose literals read back differently")
                    .extracting(r -> cur.mogrify("%s", ranges.get(r.get(0, Long.class).intValue() - 1))).isEmpty();
            String arrayLiteral = cur.mogrify("%s", ranges);
            assertThat(arrayLiteral).endsWith("::" + array);
            assertThat(cur.execute("SELECT (" + arrayLiteral.replace("%", "%%") + ") = %s", ranges).fetchOne().get(0))
                    .isEqualTo(true);
        }
        try (Cursor<Row> cur = binary.cursor()) {
            // the ranges as text parameters: bounds whose dumper writes text
            Dumper<Object> builtin = cur.adapters().dumperForClass(spec.javaType());
            cur.adapters().register(spec.javaType(), Dumper.<Object>text(spec.subtype(), v -> Literals.textOf(builtin.quote(v))));
            assertThat(cur.adapters().dumperFor(ranges).format()).isEqualTo(Format.TEXT);
            for (int k = 0; k < 2; k++) {
                List<Object> back = new ArrayList<>();
                for (Row r : cur.execute(select, ranges).fetchAll()) {
                    back.add(r.get(0));
                }
                assertThat(back).isEqualTo(loaded);
            }
        }
    }
}
