package dev.tusk.types;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.Connection;
import dev.tusk.Cursor;
import dev.tusk.Row;
import dev.tusk.testing.Dsn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in type against the real server: a Java value sent as a parameter comes back equal,
 * in text results (unprepared) and in binary results (prepared), and the server agrees with our
 * text rendering of it.
 */
class BuiltinTypesServerTest extends TextAndBinaryTest {

    BuiltinTypesServerTest(@Dsn String dsn) {
        super(dsn);
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("bool", true),
                Arguments.of("bool", false),
                Arguments.of("int2", (short) -32768),
                Arguments.of("int4", Integer.MAX_VALUE),
                Arguments.of("int8", Long.MIN_VALUE),
                Arguments.of("float4", 1.25f),
                Arguments.of("float4", Float.NaN),
                Arguments.of("float8", -0.1),
                Arguments.of("float8", Double.POSITIVE_INFINITY),
                Arguments.of("float8", Double.MIN_VALUE),
                Arguments.of("numeric", new BigDecimal("0.000000000000000000001")),
                Arguments.of("numeric", new BigDecimal("-98765432109876543210.0123456789")),
                Arguments.of("numeric", new BigDecimal("1E+30").setScale(0)),
                Arguments.of("numeric", BigDecimal.ZERO),
                Arguments.of("text", "héllo wörld ✓ 🐘"),
                Arguments.of("varchar", "v"),
                Arguments.of("bytea", new byte[] {0, 1, 2, (byte) 0xfe, (byte) 0xff, '\\', '\''}),
                Arguments.of("date", LocalDate.of(2000, 1, 1)),
                Arguments.of("date", LocalDate.of(-43, 3, 15)),
                Arguments.of("date", LocalDate.MAX),
                Arguments.of("date", LocalDate.MIN),
                Arguments.of("time", LocalTime.of(23, 59, 59, 999_999_000)),
                Arguments.of("timetz", OffsetTime.of(1, 2, 3, 4000, ZoneOffset.ofHoursMinutes(-5, -30))),
                Arguments.of("timestamp", LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1000)),
                Arguments.of("timestamp", LocalDateTime.of(294276, 12, 31, 23, 59, 59)),
                Arguments.of("timestamp", LocalDateTime.MAX),
                Arguments.of("timestamptz", OffsetDateTime.of(2024, 2, 29, 12, 0, 0, 123_456_000, ZoneOffset.UTC)),
                Arguments.of("timestamptz", OffsetDateTime.MIN),
                Arguments.of("interval", new Interval(-14, 3, -1)),
                Arguments.of("interval", new Interval(0, 0, 86_400_000_000L * 3)),
                Arguments.of("uuid", UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
                Arguments.of("json", new Json("{\"a\": [1, 2.5, null, \"x\"]}")),
                Arguments.of("jsonb", new Jsonb("{\"a\": [1, 2.5, null, \"x\"]}")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("values")
    void aValueComesBackEqualInTextAndBinary(String type, Object value) {
        for (Connection c : both()) {
            for (int i = 0; i < 2; i++) {
                Object back = c.execute("SELECT %s::" + type, value).fetchOne().get(0);
                if (value instanceof byte[] b) {
                    assertThat((byte[]) back).isEqualTo(b);
                } else if (value instanceof Float f && f.isNaN()) {
                    assertThat((Float) back).isNaN();
                } else if (value instanceof Jsonb j) {
                    // jsonb loads as Json: both are JSON text, the server normalises its spacing.
                    assertThat(back).isEqualTo(new Json(j.text()));
                } else {
                    assertThat(back).as("%s via %s", type, c == text ? "text" : "binary").isEqualTo(value);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} as a literal")
    @MethodSource("values")
    void theServerReadsOurLiteralAsTheSameValue(String type, Object value) {
        try (Cursor<Row> cur = text.cursor()) {
            String literal = cur.mogrify("%s", value);
            // json has no equality operator: compare its text.
            String cast = type.equals("json") ? "::json::text" : "::" + type;
            Row r = cur.execute("SELECT (" + literal + ")" + cast + " IS NOT DISTINCT FROM %s" + cast, value).fetchOne();
            assertThat(r.get(0)).as(literal).isEqualTo(true);
        }
    }

    @Test
    void megabyteValuesRoundTripInTextAndBinary() {
        String big = "ü€𐍈x".repeat(1 << 18);
        byte[] bytes = new byte[1 << 20];
        new java.util.Random(1).nextBytes(bytes);
        Json json = new Json("[\"" + "y".repeat(1 << 20) + "\"]");
        for (Connection c : List.of(text, binary)) {
            Row r = c.execute("SELECT %s::text, %s::bytea, %s::json", big, bytes, json).fetchOne();
            assertThat(r.get(0)).isEqualTo(big);
            assertThat((byte[]) r.get(1)).isEqualTo(bytes);
            assertThat(r.get(2)).isEqualTo(json);
        }
    }

    @Test
    void numericSpecialValuesHaveTheirDocumentedMapping() {
        for (Connection c : both()) {
            for (int i = 0; i < 2; i++) {
                Row r = c.execute("SELECT 'NaN'::numeric, 'Infinity'::numeric, '-Infinity'::numeric, %s::int", i).fetchOne();
                assertThat(r.toList()).containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, i);
            }
        }
    }

    @Test
    void timestamptzIsShownInTheSessionTimeZone() {
        for (Connection c : both()) {
            c.execute("SET TimeZone = 'Asia/Kolkata'");
            for (int i = 0; i < 2; i++) {
                OffsetDateTime t = (OffsetDateTime) c.execute("SELECT '2024-01-01 00:00:00+00'::timestamptz, %s::int", i)
                        .fetchOne().get(0);
                assertThat(t.getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
                assertThat(t.toInstant()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
            }
        }
    }

    @Test
    void javaTypesWithoutAnExactColumnTypeDumpSensibly() {
        Row r = text.execute("SELECT %s::timestamptz, %s::interval, %s::numeric, %s::text",
                Instant.parse("2020-01-01T00:00:00Z"), Duration.ofMinutes(90), BigInteger.TEN.pow(40), 'c').fetchOne();
        assertThat(((OffsetDateTime) r.get(0)).toInstant()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(r.get(1)).isEqualTo(new Interval(0, 0, 90L * 60 * 1_000_000));
        assertThat(r.get(2)).isEqualTo(new BigDecimal(BigInteger.TEN.pow(40)));
        assertThat(r.get(3)).isEqualTo("c");
    }

    @Test
    void unknownTypesLoadAsTheirTextForm() {
        Row r = binary.execute("SELECT '(0,1)'::tid, '10:20:10,14'::pg_snapshot, ARRAY[1,2], %s::int", 1).fetchOne();
        // arrays load as PgArray lists (see ArraysTest)
        assertThat(r.toList()).containsExactly("(0,1)", "10:20:10,14", List.of(1, 2), 1);
    }

    @Test
    void nullsOfEveryTypeLoadAsNull() {
        Row r = binary.execute("SELECT NULL::int, NULL::text, NULL::bytea, NULL::timestamptz, %s::numeric", (Object) null)
                .fetchOne();
        assertThat(r.toList()).containsOnlyNulls();
    }
}
