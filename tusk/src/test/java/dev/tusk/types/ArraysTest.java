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
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Arrays of every built-in type against the real server: sent as parameters (binary or text,
 * as the elements decide) and as {@code mogrify} literals, loaded back from text results
 * (unprepared) and binary results (prepared), compared with what the server itself prints.
 */
class ArraysTest extends TextAndBinaryTest {

    ArraysTest(@Dsn String dsn) {
        super(dsn);
    }

    /** A nested Java array of the values, so that {@code byte[]} elements compare by content. */
    private static Object deep(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().map(ArraysTest::deep).toArray();
        }
        // jsonb loads as Json; our samples are in the server's normal form already
        return v instanceof Jsonb j ? new Json(j.text()) : v;
    }

    private static void assertSameArray(Object actual, Object expected, String as) {
        assertThat(actual).as(as).isInstanceOf(PgArray.class);
        assertThat(deep(actual)).as(as).isEqualTo(deep(ArrayShapes.flatten(expected)));
        PgArray a = (PgArray) actual;
        PgArray e = ArrayShapes.flatten(expected);
        assertThat(a.dimensions()).as(as).isEqualTo(e.dimensions());
        assertThat(a.lowerBounds()).as(as).isEqualTo(e.lowerBounds());
    }

    /** Loads {@code SELECT %s::type} through both connections, twice (prepared on the second go). */
    private void assertRoundTrip(String type, Object array) {
        forEachLoad(type, array, (back, how) -> assertSameArray(back, array, how));
    }

    @Test
    void theArrayTypeTableIsTheServers() {
        List<Row> rows = text.execute("SELECT oid, typarray, typdelim::text, typtype::text FROM pg_type"
                + " WHERE typarray <> 0 AND oid < 10000 ORDER BY oid").fetchAll();
        int known = 0;
        for (Row r : rows) {
            int oid = r.get(0, Long.class).intValue();
            int array = r.get(1, Long.class).intValue();
            if (array >= 10000) {
                // arrays of catalogs' row types: OIDs given out at initdb, left out on purpose
                assertThat(r.get(3)).isEqualTo("c");
                continue;
            }
            known++;
            assertThat(ArrayTypes.BUILTINS.ofArray(array)).as("%s", r.toList())
                    .isEqualTo(new ArrayTypes.ArrayType(array, oid, r.get(2, String.class).charAt(0)));
        }
        assertThat(known).isEqualTo(ArrayTypes.builtinPairs().length / 2);
    }

    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of("bool", List.of(true, false, true)),
                Arguments.of("int2", List.of((short) -32768, (short) 0, (short) 32767)),
                Arguments.of("int4", List.of(Integer.MIN_VALUE, 0, Integer.MAX_VALUE)),
                Arguments.of("int8", List.of(Long.MIN_VALUE, 0L, Long.MAX_VALUE)),
                Arguments.of("oid", List.of(0L, 4294967295L, 1L)),
                Arguments.of("float4", List.of(1.25f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f)),
                Arguments.of("float8", List.of(-0.1, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE)),
                Arguments.of("numeric", List.of(new BigDecimal("0.000000000000000000001"),
                        new BigDecimal("-98765432109876543210.0123456789"), BigDecimal.ZERO)),
                Arguments.of("text", List.of("héllo wörld ✓ 🐘", "a \"b\" \\c", "{,}", "NULL", "", " x ", "null")),
                Arguments.of("varchar", List.of("v", "NuLL", "tab\there")),
                Arguments.of("bpchar", List.of("a", "b c", "\"")),
                Arguments.of("name", List.of("pg_class", "with space", "é")),
                Arguments.of("\"char\"", List.of("a", "\"", "\\", " ", "{")),
                Arguments.of("bytea", List.of(new byte[] {0, 1, (byte) 0xff, '\\', '"', '{'}, new byte[0], new byte[] {'N'})),
                Arguments.of("date", List.of(LocalDate.of(2000, 1, 1), LocalDate.of(-43, 3, 15), LocalDate.MAX, LocalDate.MIN)),
                Arguments.of("time", List.of(LocalTime.of(23, 59, 59, 999_999_000), LocalTime.MIDNIGHT, LocalTime.NOON)),
                Arguments.of("timetz", List.of(OffsetTime.of(1, 2, 3, 4000, ZoneOffset.ofHoursMinutes(-5, -30)),
                        OffsetTime.of(0, 0, 0, 0, ZoneOffset.UTC), OffsetTime.of(23, 0, 0, 0, ZoneOffset.ofHours(14)))),
                Arguments.of("timestamp", List.of(LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1000), LocalDateTime.MAX,
                        LocalDateTime.MIN)),
                Arguments.of("timestamptz", List.of(OffsetDateTime.of(2024, 2, 29, 12, 0, 0, 123_456_000, ZoneOffset.UTC),
                        OffsetDateTime.MIN, OffsetDateTime.MAX)),
                Arguments.of("interval", List.of(new Interval(-14, 3, -1), new Interval(0, 0, 86_400_000_000L * 3),
                        Interval.POSITIVE_INFINITY)),
                Arguments.of("uuid", List.of(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), new UUID(0, 0), new UUID(-1, -1))),
                Arguments.of("json", List.of(new Json("{\"a\": [1, 2.5, null, \"x\"]}"), new Json("\"q\\\"\""),
                        new Json("null"))),
                Arguments.of("jsonb", List.of(new Jsonb("{\"a\": [1, 2.5, null, \"x\"]}"), new Jsonb("\"q\\\"\""),
                        new Jsonb("null"))));
    }

    /** One- to three-dimensional arrays of some samples, with NULLs, empty, and bounds. */
    private static List<Object> arraysOf(List<?> s) {
        Object a = s.get(0);
        Object b = s.get(1);
        Object c = s.get(2);
        return List.of(
                s,
                Arrays.asList(a, null, b, null),
                List.of(),
                Arrays.asList((Object) null),
                List.of(List.of(a, b), Arrays.asList(c, null)),
                List.of(List.of(List.of(a), List.of(b)), List.of(List.of(c), Arrays.asList((Object) null))),
                PgArray.of(List.of(a, b)).withLowerBounds(0),
                PgArray.of(List.of(List.of(a, b, c))).withLowerBounds(-1, 5));
    }

    @ParameterizedTest(name = "{0}[]")
    @MethodSource("types")
    void arraysOfEveryTypeComeBackEqualInTextAndBinary(String type, List<?> samples) {
        for (Object array : arraysOf(samples)) {
            assertRoundTrip(type + "[]", array);
        }
    }

    @ParameterizedTest(name = "{0}[] as a literal")
    @MethodSource("types")
    void theServerReadsOurArrayLiteralsAsTheSameArrays(String type, List<?> samples) {
        // json has no equality operator: compare the array's text
        String cast = "::" + type + "[]" + (type.equals("json") ? "::text" : "");
        for (Object array : arraysOf(samples)) {
            assertLiteralReadsBack(array, cast);
        }
    }

    @Test
    void mogrifyShowsArraysAsTheirTextFormCast() {
        try (Cursor<Row> cur = text.cursor()) {
            assertThat(cur.mogrify("SELECT %s, %s", List.of(1, 2), List.of("a b", "it's")))
                    .isEqualTo("SELECT '{1,2}'::int4[], '{\"a b\",it''s}'");
            assertThat(cur.mogrify("SELECT %s", (Object) new LocalDate[] {LocalDate.of(2024, 2, 29), null}))
                    .isEqualTo("SELECT '{2024-02-29,NULL}'::date[]");
            assertThat(cur.mogrify("SELECT %s", PgArray.of(List.of(1)).withLowerBounds(0)))
                    .isEqualTo("SELECT '[0:0]={1}'::int4[]");
        }
    }

    @Test
    void stringsThatNeedQuotingRoundTrip() {
        List<String> nasty = List.of("\"", "\\", "{", "}", ",", ";", " ", "\t", "\n", "a b", " lead", "trail ",
                "NULL", "null", "Null", "", "'", "''", "\\\"", "{\"a\": \"b\"}", "é", "漢字", "🐘", "[1:2]={x}");
        assertRoundTrip("text[]", nasty);
        assertRoundTrip("text[]", List.of(nasty, nasty));
        assertRoundTrip("varchar[]", nasty);
        try (Cursor<Row> cur = text.cursor()) {
            Row r = cur.execute("SELECT (" + cur.mogrify("%s", nasty) + ")::text[] = %s::text[]", nasty).fetchOne();
            assertThat(r.get(0)).isEqualTo(true);
        }
    }

    @Test
    void aMegabyteArrayRoundTrips() {
        int[] ints = new Random(1).ints(300_000).toArray();
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            strings.add(i % 7 == 0 ? "NULL" : "string \"" + i + "\" {with} \\ quoting");
        }
        for (Connection c : both()) {
            for (int i = 0; i < 2; i++) {
                Row r = c.execute("SELECT %s::int4[], %s::text[]", ints, strings).fetchOne();
                assertThat(r.get(0, int[].class)).isEqualTo(ints);
                assertThat(r.get(1)).isEqualTo(strings);
            }
        }
    }

    /** Random arrays of one type: their Java values, and how to make an element. */
    private record Differential(String type, Function<Random, Object> element) {
    }

    private static final String NASTY = "ab\"\\{},; \t\nNULnul'é🐘";

    private static String randomString(Random rnd) {
        int n = rnd.nextInt(12);
        switch (rnd.nextInt(10)) {
            case 0:
                return "NULL";
            case 1:
                return "";
            default:
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    sb.appendCodePoint(NASTY.codePointAt(NASTY.offsetByCodePoints(0, rnd.nextInt(NASTY.codePointCount(0, NASTY.length())))));
                }
                return sb.toString();
        }
    }

    private static double randomDouble(Random rnd) {
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, Double.MIN_VALUE};
        int pick = rnd.nextInt(special.length + 2);
        if (pick < special.length) {
            return special[pick];
        }
        double d = Double.longBitsToDouble(rnd.nextLong());
        return Double.isNaN(d) ? 1.5 : pick == special.length ? d : rnd.nextDouble() * 1000;
    }

    private static PgArray randomArray(Random rnd, Function<Random, Object> element) {
        int ndim = rnd.nextInt(4);
        int[] dims = new int[ndim];
        int count = ndim == 0 ? 0 : 1;
        for (int d = 0; d < ndim; d++) {
            dims[d] = 1 + rnd.nextInt(4);
            count *= dims[d];
        }
        Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            values[i] = rnd.nextInt(8) == 0 ? null : element.apply(rnd);
        }
        int[] lowerBounds = new int[ndim];
        for (int d = 0; d < ndim; d++) {
            lowerBounds[d] = rnd.nextInt(4) == 0 ? rnd.nextInt(21) - 10 : 1;
        }
        return PgArray.wrap(values, dims, lowerBounds);
    }

    /** The array's text form as Tusk writes it: the class-level List dumper writes text. */
    private static String textForm(Object array) {
        Dumper<Object> d = Adapters.global().dumperForClass(List.class);
        assertThat(d.format()).isEqualTo(Format.TEXT);
        ByteSink out = new ByteSink();
        d.dump(array, out);
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    static Stream<Differential> differentials() {
        return Stream.of(
                new Differential("int4", Random::nextInt),
                new Differential("text", ArraysTest::randomString),
                new Differential("float8", ArraysTest::randomDouble),
                new Differential("bytea", rnd -> {
                    byte[] b = new byte[rnd.nextInt(5)];
                    rnd.nextBytes(b);
                    return b;
                }));
    }

    /**
     * 2,000 random arrays: what Tusk loads equals what Tusk parses from the server's own text
     * output, and the server reads Tusk's text form as the array Tusk sent in binary.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("differentials")
    void randomArraysAgreeWithTheServersTextForm(Differential diff) {
        Random rnd = new Random(diff.type().hashCode());
        int n = 2000;
        List<PgArray> arrays = new ArrayList<>();
        Object[] params = new Object[2 * n];
        StringBuilder sql = new StringBuilder("SELECT v, v::text, t::" + diff.type() + "[] IS NOT DISTINCT FROM v"
                + " FROM (VALUES ");
        for (int i = 0; i < n; i++) {
            PgArray a = randomArray(rnd, diff.element());
            arrays.add(a);
            params[2 * i] = a;
            params[2 * i + 1] = textForm(a);
            sql.append(i == 0 ? "" : ", ").append("(%s::").append(diff.type()).append("[], %s::text)");
        }
        sql.append(") x(v, t)");
        int arrayOid = Adapters.global().copy().dumperFor(List.of(diff.element().apply(rnd))).oid();
        Loader<?> parse = Adapters.global().loader(arrayOid == 0 ? 1009 : arrayOid, Format.TEXT);
        for (Connection c : both()) {
            List<Row> rows = c.execute(sql.toString(), params).fetchAll();
            assertThat(rows).hasSize(n);
            for (int i = 0; i < n; i++) {
                Row r = rows.get(i);
                String as = diff.type() + " #" + i + " " + r.get(1);
                assertSameArray(r.get(0), arrays.get(i), as);
                byte[] serverText = r.get(1, String.class).getBytes(StandardCharsets.UTF_8);
                assertSameArray(parse.load(serverText, 0, serverText.length, LoadContext.UTC), arrays.get(i), as);
                assertThat(r.get(2)).as(as).isEqualTo(true);
            }
        }
    }

    /** Seed 003's point, with its dumper and loader registered on a connection. */
    record Point(double x, double y) {
        static Point parse(String s) {
            String[] p = s.substring(1, s.length() - 1).split(",");
            return new Point(Double.parseDouble(p[0]), Double.parseDouble(p[1]));
        }

        @Override
        public String toString() {
            return "(" + x + "," + y + ")";
        }
    }

    @Test
    void arraysOfAUserTypeLoadWithItsLoader() {
        for (Connection c : both()) {
            // built in: PgPoint; a loader registered for point replaces it, in arrays too
            assertThat(c.execute("SELECT ARRAY['(1,2)'::point, NULL]").fetchOne().get(0))
                    .isEqualTo(Arrays.asList(new PgPoint(1, 2), null));
            c.adapters().registerLoader(Oids.POINT, Loader.text(Point::parse));
            c.adapters().register(Point.class, Dumper.text(Oids.POINT, Point::toString));
            for (int i = 0; i < 2; i++) {
                Row r = c.execute("SELECT ARRAY['(1,2)'::point, NULL, '(3.5,-4)'], %s", List.of(new Point(0, 1)))
                        .fetchOne();
                assertThat(r.get(0)).isEqualTo(Arrays.asList(new Point(1, 2), null, new Point(3.5, -4)));
                assertThat(r.get(1)).isEqualTo(List.of(new Point(0, 1)));
                assertThat(r.columns().get(1).typeCode()).isEqualTo(1017);
            }
        }
    }

    /** A box as its text, {@code (x1,y1),(x2,y2)}: commas inside, so box[] separates with {@code ;}. */
    record Box(String text) {
    }

    @Test
    void boxArraysUseSemicolons() {
        for (Connection c : both()) {
            Row r = c.execute("SELECT '{(1,1),(0,0);(2,2),(1,1)}'::box[], %s::int", 1).fetchOne();
            assertThat(r.get(0)).isEqualTo(List.of(PgBox.parse("(1,1),(0,0)"), PgBox.parse("(2,2),(1,1)")));
            List<PgBox> builtIn = List.of(PgBox.parse("(3,3),(1,1)"), PgBox.parse("(2,2),(0,0)"));
            r = c.execute("SELECT %s, %s::text", builtIn, builtIn).fetchOne();
            assertThat(r.get(0)).isEqualTo(builtIn);
            assertThat(r.get(1)).isEqualTo("{(3,3),(1,1);(2,2),(0,0)}");
            c.adapters().register(Box.class, Dumper.text(Oids.BOX, Box::text));
            c.adapters().registerLoader(Oids.BOX, Loader.text(Box::new));
            List<Box> boxes = List.of(new Box("(3,3),(1,1)"), new Box("(2,2),(0,0)"));
            r = c.execute("SELECT %s, %s::text", boxes, boxes).fetchOne();
            assertThat(r.get(0)).isEqualTo(boxes);
            assertThat(r.get(1)).isEqualTo("{(3,3),(1,1);(2,2),(0,0)}");
        }
    }

    @Test
    void javaArraysAndListsDump() {
        for (Connection c : both()) {
            Row r = c.execute("SELECT %s, %s, %s, %s::text[], %s, %s::text[], %s::int8[]", new int[] {1, 2},
                    new Integer[][] {{1, null}, {3, 4}}, new long[][] {{5}}, List.of(List.of("a"), List.of("b")),
                    new boolean[] {true}, new char[] {'x', '"'}, List.of()).fetchOne();
            assertThat(r.get(0)).isEqualTo(List.of(1, 2));
            assertThat(r.get(1)).isEqualTo(List.of(Arrays.asList(1, null), List.of(3, 4)));
            assertThat(r.get(2)).isEqualTo(List.of(List.of(5L)));
            assertThat(r.get(3, String[][].class)).isEqualTo(new String[][] {{"a"}, {"b"}});
            assertThat(r.get(4, boolean[].class)).containsExactly(true);
            assertThat(r.get(5)).isEqualTo(List.of("x", "\""));
            assertThat(r.get(6)).isEqualTo(List.of());
            // varargs: a lone Integer[] is the parameter list itself unless cast to Object
            assertThat(c.execute("SELECT %s", (Object) new Integer[] {7}).fetchOne().get(0)).isEqualTo(List.of(7));
        }
    }

    @Test
    void arrayColumnsConvertToJavaArrays() {
        Row r = binary.execute("SELECT '{1,2}'::int4[], '{{a,NULL}}'::text[], '{1,NULL}'::int4[], '{}'::int8[],"
                + " %s::int", 0).fetchOne();
        assertThat(r.get(0, int[].class)).containsExactly(1, 2);
        assertThat(r.get(0, long[].class)).containsExactly(1L, 2L);
        assertThat(r.get(0, Integer[].class)).containsExactly(1, 2);
        assertThat(r.get(0, List.class)).isEqualTo(List.of(1, 2));
        assertThat(r.get(0, Object[].class)).containsExactly(1, 2);
        assertThat(r.get(1, String[][].class)).isEqualTo(new String[][] {{"a", null}});
        assertThat(r.get(2, Integer[].class)).containsExactly(1, null);
        assertThatThrownBy(() -> r.get(2, int[].class)).isInstanceOf(DataException.class).hasMessageContaining("NULL");
        assertThatThrownBy(() -> r.get(1, String[].class)).isInstanceOf(DataException.class);
        assertThat(r.get(3, long[].class)).isEmpty();
    }

    @Test
    void mixedElementTypesFailBeforeSending() {
        assertThatThrownBy(() -> binary.execute("SELECT %s", List.of(1, "a"))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("int4").hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> binary.execute("SELECT %s", List.of(List.of(1), List.of(2, 3))))
                .isInstanceOf(DataException.class).hasMessageContaining("rectangular");
        assertThat(binary.execute("SELECT %s", List.of(1, 2L)).fetchOne().get(0)).isEqualTo(List.of(1L, 2L));
    }

    @Test
    void arraysOfTypesWithoutLoadersAreArraysOfTheirText() {
        for (Connection c : both()) {
            Row r = c.execute("SELECT '{10:20:,NULL}'::txid_snapshot[], '{\"(0,1)\"}'::tid[], %s::int", 1).fetchOne();
            assertThat(r.get(0)).isEqualTo(Arrays.asList("10:20:", null));
            assertThat(r.get(1)).isEqualTo(List.of("(0,1)"));
        }
    }
}
