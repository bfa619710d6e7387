package dev.tusk.types;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.ConnectOptions;
import dev.tusk.Connection;
import dev.tusk.Cursor;
import dev.tusk.Row;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential tests of the built-in scalar types: for thousands of random values each, the
 * value Tusk loads (binary results) equals the value read independently from the server's own
 * text output, and the literal Tusk renders for {@code mogrify}, cast on the server, equals the
 * value sent as a parameter.
 */
@ExtendWith(PostgresExtension.class)
class ScalarDifferentialTest {
    private static final int VALUES = 5000;
    /** Parameters per statement: well under the protocol's 65535. */
    private static final int BATCH = 500;
    static final long PG_MIN_EPOCH_DAY = LocalDate.of(-4713, 11, 24).toEpochDay();
    static final long PG_MAX_DATE_EPOCH_DAY = LocalDate.of(5874897, 12, 31).toEpochDay();
    private static final long PG_MAX_TIMESTAMP_EPOCH_DAY = LocalDate.of(294276, 12, 31).toEpochDay();

    private final String dsn;
    private Connection conn;

    ScalarDifferentialTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void connect() {
        // prepareThreshold 0: results come in binary, so text is only what the server prints.
        conn = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).prepareThreshold(0).build());
        conn.execute("SET TimeZone = 'UTC'");
    }

    @AfterEach
    void close() {
        conn.close();
    }

    /** A type under test: how to make random values, and how to read the server's text. */
    record Spec(String type, Function<Random, Object> random, Function<String, Object> parseText) {
        @Override
        public String toString() {
            return type;
        }
    }

    static Stream<Arguments> specs() {
        return Stream.of(
                new Spec("bool", Random::nextBoolean, t -> t.equals("true")),
                new Spec("int2", r -> (short) r.nextInt(), Short::valueOf),
                new Spec("int4", r -> edge(r, r.nextInt(), Integer.MIN_VALUE, Integer.MAX_VALUE), Integer::valueOf),
                new Spec("int8", r -> edge(r, r.nextLong(), Long.MIN_VALUE, Long.MAX_VALUE), Long::valueOf),
                new Spec("float4", r -> Float.intBitsToFloat(r.nextInt()), Float::valueOf),
                new Spec("float8", r -> Double.longBitsToDouble(r.nextLong()), Double::valueOf),
                new Spec("numeric", ScalarDifferentialTest::randomDecimal, BigDecimal::new),
                new Spec("text", ScalarDifferentialTest::randomText, t -> t),
                new Spec("bytea", r -> randomBytes(r, 64), t -> HexFormat.of().parseHex(t.substring(2))),
                new Spec("date", r -> LocalDate.ofEpochDay(between(r, PG_MIN_EPOCH_DAY, PG_MAX_DATE_EPOCH_DAY)),
                        ScalarDifferentialTest::parseDate),
                new Spec("time", r -> LocalTime.ofNanoOfDay(between(r, 0, 86_400_000_000L - 1) * 1000), LocalTime::parse),
                new Spec("timetz", r -> OffsetTime.of(LocalTime.ofNanoOfDay(between(r, 0, 86_400_000_000L - 1) * 1000),
                        ZoneOffset.ofTotalSeconds((int) between(r, -15 * 3600 - 59 * 60, 15 * 3600 + 59 * 60) / 60 * 60)),
                        t -> OffsetTime.parse(isoOffset(t))),
                new Spec("timestamp", r -> randomTimestamp(r), t -> parseTimestamp(t)),
                new Spec("timestamptz", r -> randomTimestamp(r).atOffset(ZoneOffset.UTC),
                        t -> parseTimestamp(t.replaceFirst("\\+00( BC)?$", "$1")).atOffset(ZoneOffset.UTC)),
                new Spec("interval", r -> new Interval((int) between(r, -1_000_000, 1_000_000),
                        (int) between(r, -1_000_000, 1_000_000), between(r, -1L << 50, 1L << 50)),
                        // No Java parser for PostgreSQL's interval style: Tusk's text loader reads it.
                        t -> Adapters.global().loader(Oids.INTERVAL, Format.TEXT)
                                .load(t.getBytes(StandardCharsets.UTF_8), 0, t.length(), LoadContext.UTC)),
                new Spec("uuid", r -> new UUID(r.nextLong(), r.nextLong()), UUID::fromString),
                new Spec("jsonb", r -> new Jsonb("{\"k\": " + r.nextInt() + ", \"s\": \"" + jsonSafe(randomText(r)) + "\"}"),
                        Json::new))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void loadedValuesMatchTheServersTextAndOurLiteralsReadBackTheSame(Spec spec) {
        Random random = new Random(spec.type().hashCode());
        List<Object> values = new ArrayList<>(VALUES);
        for (int i = 0; i < VALUES; i++) {
            values.add(spec.random().apply(random));
        }
        try (Cursor<Row> cur = conn.cursor()) {
            for (int from = 0; from < VALUES; from += BATCH) {
                List<Object> batch = values.subList(from, Math.min(VALUES, from + BATCH));
                checkLoadedAgainstServerText(cur, spec, batch);
                checkLiteralsReadBack(cur, spec, batch);
            }
        }
    }

    /** {@code SELECT v, v::text FROM (VALUES ($1), ...)}: the loaded value against the parsed text. */
    private static void checkLoadedAgainstServerText(Cursor<Row> cur, Spec spec, List<Object> batch) {
        StringBuilder sql = new StringBuilder("SELECT v, v::text FROM (VALUES ");
        for (int i = 0; i < batch.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append('(').append(i).append(", %s::").append(spec.type()).append(')');
        }
        sql.append(") t(i, v) ORDER BY i");
        List<Row> rows = cur.execute(sql.toString(), batch.toArray()).fetchAll();
        assertThat(rows).hasSize(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Object sent = batch.get(i);
            Object loaded = rows.get(i).get(0);
            String text = (String) rows.get(i).get(1);
            Object parsed = spec.parseText().apply(text);
            String what = spec.type() + " " + text;
            assertThat(same(loaded, parsed)).as("loaded %s vs the server's text, %s", show(loaded), what).isTrue();
            if (!(sent instanceof Jsonb)) {
                assertThat(same(loaded, sent)).as("loaded %s vs sent %s, %s", show(loaded), show(sent), what).isTrue();
            }
        }
    }

    /** Every literal of the batch cast on the server, compared with the value sent out of band. */
    private static void checkLiteralsReadBack(Cursor<Row> cur, Spec spec, List<Object> batch) {
        StringBuilder sql = new StringBuilder("SELECT i FROM (VALUES ");
        for (int i = 0; i < batch.size(); i++) {
            String literal = cur.mogrify("%s", batch.get(i));
            sql.append(i == 0 ? "" : ", ").append('(').append(i).append(", (").append(literal.replace("%", "%%"))
                    .append(")::").append(spec.type()).append(", %s::").append(spec.type()).append(')');
        }
        sql.append(") t(i, lit, v) WHERE lit IS DISTINCT FROM v");
        List<Row> differ = cur.execute(sql.toString(), batch.toArray()).fetchAll();
        assertThat(differ).as("%s literals that read back differently", spec.type())
                .extracting(r -> show(batch.get((Integer) r.get(0))) + " as " + cur.mogrify("%s", batch.get((Integer) r.get(0))))
                .isEmpty();
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return java.util.Arrays.equals(x, y);
        }
        if (a instanceof Json x && b instanceof Json y) {
            return x.text().equals(y.text());
        }
        return Objects.equals(a, b);
    }

    private static String show(Object v) {
        return v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v);
    }

    // ---- random values -----------------------------------------------------------------------

    private static <T> T edge(Random r, T value, T min, T max) {
        int pick = r.nextInt(100);
        return pick == 0 ? min : pick == 1 ? max : value;
    }

    static long between(Random r, long lo, long hi) {
        return lo + Math.floorMod(r.nextLong(), hi - lo + 1);
    }

    static BigDecimal randomDecimal(Random r) {
        BigInteger unscaled = new BigInteger(1 + r.nextInt(200), r);
        return new BigDecimal(r.nextBoolean() ? unscaled : unscaled.negate(), r.nextInt(40));
    }

    private static String randomText(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(40);
        for (int i = 0; i < n; i++) {
            int cp = switch (r.nextInt(4)) {
                case 0 -> 1 + r.nextInt(0x7f);
                case 1 -> 0x80 + r.nextInt(0x780);
                case 2 -> 0x800 + r.nextInt(0xd800 - 0x800);
                default -> 0x10000 + r.nextInt(0x10ffff - 0x10000);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static String jsonSafe(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == '"' || cp == '\\') {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private static byte[] randomBytes(Random r, int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        r.nextBytes(b);
        return b;
    }

    static LocalDateTime randomTimestamp(Random r) {
        long day = between(r, PG_MIN_EPOCH_DAY, PG_MAX_TIMESTAMP_EPOCH_DAY - 1);
        long micros = between(r, 0, 86_400_000_000L - 1);
        return LocalDate.ofEpochDay(day).atStartOfDay().plus(micros, ChronoUnit.MICROS);
    }

    // ---- the server's text, read without Tusk ------------------------------------------------

    /** {@code 2024-01-31}, or {@code 0044-03-15 BC} (year 1 BC is ISO year 0). */
    static LocalDate parseDate(String t) {
        if (t.endsWith(" BC")) {
            LocalDate d = LocalDate.parse(t.substring(0, t.length() - 3));
            return d.withYear(1 - d.getYear());
        }
        return parseDateYear(t);
    }

    /** {@code LocalDate.parse} wants a sign on years past 9999. */
    private static LocalDate parseDateYear(String t) {
        int dash = t.indexOf('-', 1);
        return dash > 4 ? LocalDate.parse("+" + t) : LocalDate.parse(t);
    }

    static LocalDateTime parseTimestamp(String t) {
        boolean bc = t.endsWith(" BC");
        String s = bc ? t.substring(0, t.length() - 3) : t;
        int space = s.indexOf(' ');
        LocalDateTime dt = LocalDateTime.of(parseDateYear(s.substring(0, space)), LocalTime.parse(s.substring(space + 1)));
        return bc ? dt.withYear(1 - dt.getYear()) : dt;
    }

    /** PostgreSQL prints {@code -05} or {@code +05:30}; ISO wants {@code -05:00}. */
    private static String isoOffset(String t) {
        int sign = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
        return t.length() - sign == 3 ? t + ":00" : t;
    }
}
