package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.ProgrammingException;
import dev.tusk.sql.Composable;
import dev.tusk.sql.Composed;
import dev.tusk.sql.Identifier;
import dev.tusk.sql.Literal;
import dev.tusk.sql.ParamFormat;
import dev.tusk.sql.Placeholder;
import dev.tusk.sql.Sql;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import dev.tusk.types.Dumper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Composed queries against a real server: whatever the input, the server reads an
 * {@link Identifier} back as the original name and a {@link Literal} as the original value,
 * and {@link Placeholder} parameters travel out of band.
 */
@ExtendWith(PostgresExtension.class)
class SqlCompositionTest {
    /** What an attacker would try: every string must come back unchanged, and {@code x} survive. */
    private static final List<String> HOSTILE = List.of(
            "'", "''", "\"", "\"\"", "\\", "\\\\", "\\'", "'\\", "a\\'b", "\\\"",
            "'; DROP TABLE x; --", "\"; DROP TABLE x; --", "'); DROP TABLE x; --", "\"); DROP TABLE x; --",
            "\\'; DROP TABLE x; --", "x' OR '1'='1", "$$; DROP TABLE x; $$", "$tag$", "$1", "%s", "%(x)s", "%%", "%",
            "{}", "{0}", "}{", "/*", "*/", "-- comment", "E'\\x41'", "U&\"\\0041\"", "U&'\\0041'", "\\x00",
            "\n", "\r\n", "\t", "\u0001\u001f\u007f", "\u0008\u000b\u000c", " ", "  leading and trailing  ",
            "🐘", "👩‍👩‍👧‍👦", "e\u0301\u0327\u0308", "\u202Eevil\u202C", "مرحبا بالعالم", "שלום", "日本語テキスト",
            "\uFEFFbom", "\u200B\u200C\u200D", "\uFFFD", "\uD83D\uDE00'\"\\", "Ω≈ç√∫˜µ≤≥÷", "ǅ ǈ ǋ", "İı", "ß");
    private static final int MAX_NAME_BYTES = 63;
    private static final String SPECIAL = "'\"\\%{}$;-/*";

    private final String dsn;
    private Connection conn;

    SqlCompositionTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void setUp() {
        conn = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build());
        conn.execute("CREATE TEMP TABLE x (id int)");
    }

    @AfterEach
    void tearDown() {
        // None of the hostile strings escaped its quotes.
        assertThat(conn.execute("SELECT to_regclass('pg_temp.x') IS NOT NULL").fetchOne().get(0)).isEqualTo(true);
        conn.close();
    }

    /**
     * Text mixing every kind of character but NUL: quotes and backslashes, C0 controls and
     * DEL, printable ASCII, and any Unicode scalar value (surrogate pairs included).
     */
    private static String randomText(Random r, int maxLength) {
        int length = r.nextInt(maxLength + 1);
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            int pick = r.nextInt(8);
            if (pick == 0) {
                sb.append(SPECIAL.charAt(r.nextInt(SPECIAL.length())));
            } else if (pick == 1) {
                sb.append(r.nextBoolean() ? (char) 0x7F : (char) (1 + r.nextInt(31)));
            } else if (pick < 5) {
                sb.append((char) (' ' + r.nextInt(95)));
            } else {
                int cp = 0x80 + r.nextInt(Character.MAX_CODE_POINT - 0x80 + 1);
                if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                    sb.appendCodePoint(cp);
                }
            }
        }
        return sb.toString();
    }

    /** The longest prefix that fits a PostgreSQL name, never splitting a character; never empty. */
    private static String asName(String s) {
        int end = 0;
        int bytes = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_NAME_BYTES) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return end == 0 ? "n" : s.substring(0, end);
    }

    private static List<String> randomTexts(long seed, int count, int maxLength) {
        Random r = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(randomText(r, maxLength));
        }
        return texts;
    }

    /** Each string as a literal, a hundred to a statement: the values the server reads. */
    private List<Object> selectLiterals(List<String> values) {
        List<Object> read = new ArrayList<>(values.size());
        for (List<String> batch : batches(values)) {
            Composed q = Sql.of("SELECT ").plus(Sql.of(", ").join(map(batch, Literal::of)));
            read.addAll(conn.execute(q).fetchOne().toList());
        }
        return read;
    }

    /** Each string as a column alias, a hundred to a statement: the names the server reads. */
    private List<String> selectAliases(List<String> names) {
        List<String> read = new ArrayList<>(names.size());
        for (List<String> batch : batches(names)) {
            Composed q = Sql.of("SELECT ").plus(Sql.of(", ").join(map(batch, n -> Sql.of("1 AS {}")
                    .format(Identifier.of(n)))));
            conn.execute(q).description().forEach(c -> read.add(c.name()));
        }
        return read;
    }

    private static List<List<String>> batches(List<String> all) {
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 100) {
            batches.add(all.subList(i, Math.min(all.size(), i + 100)));
        }
        return batches;
    }

    private static List<Composable> map(List<String> strings, Function<String, Composable> f) {
        return strings.stream().map(f).toList();
    }

    // --- literals ---

    @Test
    void hostileLiteralsReadBackAsTheOriginalStrings() {
        assertThat(selectLiterals(HOSTILE)).containsExactlyElementsOf(HOSTILE);
    }

    @Test
    void thousandsOfRandomLiteralsReadBackAsTheOriginalStrings() {
        List<String> values = randomTexts(20240229, 3000, 60);

        assertThat(selectLiterals(values)).containsExactlyElementsOf(values);
    }

    @Test
    void literalsReadTheSameWithStandardConformingStringsOff() {
        conn.execute("SET standard_conforming_strings = off");
        conn.execute("SET escape_string_warning = off");
        List<String> values = new ArrayList<>(HOSTILE);
        values.addAll(randomTexts(7, 1000, 60));

        assertThat(selectLiterals(values)).containsExactlyElementsOf(values);
    }

    @Test
    void veryLongLiteralsReadBackWhole() {
        String quotes = "'\\\"".repeat(200_000);
        String unicode = "🐘e\u0301\u202E".repeat(50_000);

        assertThat(selectLiterals(List.of(quotes, unicode))).containsExactly(quotes, unicode);
    }

    @Test
    void literalsOfOtherTypesReadBackAsTheSameValues() {
        List<Object> values = List.of(42, -42, new BigDecimal("-1.50"), -0.25, true, LocalDate.of(2024, 2, 29),
                UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), new byte[] {0, '\'', '\\', (byte) 0xFF});

        Composed q = Sql.of("SELECT ").plus(Sql.of(", ").join(values.stream().map(v -> (Composable) Literal.of(v))
                .toList()));
        List<Object> read = conn.execute(q).fetchOne().toList();

        assertThat(read.subList(0, values.size() - 1)).containsExactlyElementsOf(values.subList(0, values.size() - 1));
        assertThat((byte[]) read.get(values.size() - 1)).containsExactly(0, '\'', '\\', 0xFF);
        // A negative number after a minus stays a number, not a comment.
        assertThat(conn.execute(Sql.of("SELECT 1-{}").format(Literal.of(-1))).fetchOne().get(0)).isEqualTo(2);
        assertThat(conn.execute(Sql.of("SELECT {}::int IS NULL").format(Literal.of(null))).fetchOne().get(0))
                .isEqualTo(true);
    }

    @Test
    void literalsRenderWithTheConnectionsAdapters() {
        record Point(int x, int y) {
        }
        conn.adapters().register(Point.class, Dumper.text(600, p -> "(" + p.x() + "," + p.y() + ")"));

        Composed q = Sql.of("SELECT {}::text").format(Literal.of(new Point(1, 2)));

        assertThat(q.asString(conn.adapters())).isEqualTo("SELECT '(1,2)'::point::text");
        assertThat(conn.execute(q).fetchOne().get(0)).isEqualTo("(1,2)");
    }

    // --- identifiers ---

    @Test
    void hostileIdentifiersReadBackAsTheOriginalNames() {
        List<String> names = HOSTILE.stream().map(SqlCompositionTest::asName).toList();

        assertThat(selectAliases(names)).containsExactlyElementsOf(names);
    }

    @Test
    void thousandsOfRandomIdentifiersReadBackAsTheOriginalNames() {
        List<String> names = randomTexts(1122, 3000, 40).stream().map(SqlCompositionTest::asName).toList();

        assertThat(selectAliases(names)).containsExactlyElementsOf(names);
    }

    @Test
    void identifiersReadTheSameWithStandardConformingStringsOff() {
        conn.execute("SET standard_conforming_strings = off");
        List<String> names = HOSTILE.stream().map(SqlCompositionTest::asName).toList();

        assertThat(selectAliases(names)).containsExactlyElementsOf(names);
    }

    @Test
    void hostileIdentifiersNameRealTablesAndColumns() {
        for (String hostile : HOSTILE) {
            String table = asName("t" + hostile);
            String column = asName(hostile);
            Identifier t = Identifier.of("pg_temp", table);
            Identifier c = Identifier.of(column);

            conn.execute(Sql.of("CREATE TABLE {} ({} int)").format(t, c));
            conn.execute(Sql.of("INSERT INTO {} ({}) VALUES (%s)").format(t, c), 7);
            Cursor<Row> cur = conn.execute(Sql.of("SELECT {} FROM {}").format(c, t));

            assertThat(cur.description().get(0).name()).isEqualTo(column);
            assertThat(cur.fetchOne().get(0)).isEqualTo(7);
            assertThat(conn.execute("SELECT count(*) FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid"
                    + " WHERE r.relnamespace = pg_my_temp_schema() AND r.relname = %s AND a.attname = %s",
                    table, column).fetchOne().get(0)).as("table %s, column %s", table, column).isEqualTo(1L);
            conn.execute(Sql.of("DROP TABLE {}").format(t));
        }
    }

    @Test
    void aDottedIdentifierNamesASchemaQualifiedObject() {
        conn.execute("CREATE TEMP TABLE \"My Table\" (\"Id\" int)");
        conn.execute("INSERT INTO \"My Table\" VALUES (1)");

        Composed q = Sql.of("SELECT {} FROM {}").format(Identifier.of("My Table", "Id"),
                Identifier.of("pg_temp", "My Table"));

        assertThat(conn.execute(q).fetchOne().get(0)).isEqualTo(1);
    }

    // --- execution with parameters ---

    @Test
    void placeholderParametersTravelOutOfBand() {
        Composed q = Sql.of("SELECT current_query(), {}::text, {}").format(Placeholder.of(), Placeholder.of());

        Row row = conn.execute(q, "O'Reilly", 10).fetchOne();

        assertThat(row.get(0)).isEqualTo("SELECT current_query(), $1::text, $2");
        assertThat(row.get(1)).isEqualTo("O'Reilly");
        assertThat(row.get(2)).isEqualTo(10);
    }

    @Test
    void namedPlaceholdersBindAMapAndKeepTheirFormats() {
        Composed q = Sql.of("SELECT {}::text, {}::int, {} = {}").format(Placeholder.of("a", ParamFormat.TEXT),
                Placeholder.of("b", ParamFormat.BINARY), Placeholder.of("a", ParamFormat.TEXT), Literal.of("x"));

        Cursor<Row> cur = conn.execute(q, Map.of("a", "x", "b", 5));

        assertThat(cur.fetchOne().toList()).containsExactly("x", 5, true);
    }

    @Test
    void insertsThroughAComposedStatement() {
        conn.execute("CREATE TEMP TABLE my_table (id int, name text)");
        Composed q = Sql.of("INSERT INTO {} ({}) VALUES ({})").format(
                Identifier.of("pg_temp", "my_table"),
                Sql.of(", ").join(List.of(Identifier.of("id"), Identifier.of("name"))),
                Sql.of(", ").join(List.of(Placeholder.of(), Placeholder.of())));

        try (Cursor<Row> cur = conn.cursor()) {
            cur.execute(q, 10, "O'Reilly");
            assertThat(cur.rowCount()).isEqualTo(1);
        }

        assertThat(conn.execute("SELECT id, name FROM my_table").fetchOne().toList()).containsExactly(10, "O'Reilly");
    }

    @Test
    void percentSignsInNamesAndValuesAreNotPlaceholders() {
        conn.execute("CREATE TEMP TABLE pct (\"50%s\" text, \"%(a)s\" text)");
        Composed q = Sql.of("INSERT INTO pct ({}, {}) VALUES ({}, {}) RETURNING {}, {}").format(
                Identifier.of("50%s"), Identifier.of("%(a)s"), Literal.of("100%"), Placeholder.of("a"),
                Identifier.of("50%s"), Identifier.of("%(a)s"));

        Row row = conn.execute(q, Map.of("a", "%s")).fetchOne();

        assertThat(row.toList()).containsExactly("100%", "%s");
    }

    @Test
    void withoutParametersAComposedQueryMayHoldSeveralStatementsAndLonePercents() {
        try (Cursor<Row> cur = conn.execute(Sql.of("SELECT 10 % 3; SELECT {}").format(Literal.of("a%")))) {
            assertThat(cur.fetchOne().get(0)).isEqualTo(1);
            assertThat(cur.nextSet()).isTrue();
            assertThat(cur.fetchOne().get(0)).isEqualTo("a%");
        }
    }

    @Test
    void aPlaceholderParameterMismatchFailsBeforeSending() {
        Composed q = Sql.of("SELECT {}").format(Placeholder.of());

        assertThatThrownBy(() -> conn.execute(q, 1, 2))
                .isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("1 placeholders but 2 parameters");
        assertThatThrownBy(() -> conn.execute(Sql.of("SELECT {}").format(Placeholder.of("a")), Map.of()))
                .isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("missing: a");
        assertThat(conn.execute("SELECT 1").fetchOne().get(0)).isEqualTo(1);
    }

    @Test
    void mogrifyShowsAComposedQueryWithItsParametersAsLiterals() {
        Composed q = Sql.of("SELECT {}, {}, {}").format(Identifier.of("50%"), Placeholder.of(), Literal.of("it's"));

        try (Cursor<Row> cur = conn.cursor()) {
            assertThat(cur.mogrify(q, "O'Reilly")).isEqualTo("SELECT \"50%\", 'O''Reilly', 'it''s'");
            assertThat(cur.mogrify(Sql.of("SELECT {}").format(Placeholder.of("n")), Map.of("n", 1)))
                    .isEqualTo("SELECT 1");
        }
    }

    @Test
    void aServerCursorDeclaresAComposedQuery() {
        try (ServerCursor<Row> cur = conn.cursor("composed")) {
            cur.setWithHold(true);
            cur.execute(Sql.of("SELECT g FROM generate_series(1, {}) AS g WHERE g > %s").format(Literal.of(5)), 3);
            assertThat(cur.fetchAll()).extracting(r -> r.get(0)).containsExactly(4, 5);
        }
    }

    // --- asynchronous ---

    @Test
    void asyncConnectionsCursorsAndPipelinesRunComposedQueries() {
        withAsyncConnection(async -> {
            Composed q = Sql.of("SELECT {}::text, {}").format(Placeholder.of(), Literal.of("it's"));
            assertThat(fetchOne(async.execute(q, "a'b")).toList()).containsExactly("a'b", "it's");
            assertThat(fetchOne(async.execute(Sql.of("SELECT {}::int").format(Placeholder.of("n")), Map.of("n", 3)))
                    .get(0)).isEqualTo(3);
            assertThat(fetchOne(async.execute(Sql.of("SELECT {}").format(Literal.of(1)))).get(0)).isEqualTo(1);

            AsyncPipeline p = async.pipeline();
            CompletableFuture<AsyncCursor<Row>> piped = p.execute(Sql.of("SELECT {}::text").format(Placeholder.of()),
                    "piped");
            p.sync().orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(fetchOne(piped).get(0)).isEqualTo("piped");

            AsyncServerCursor<Row> cur = async.cursor("composed");
            cur.setWithHold(true);
            cur.execute(Sql.of("SELECT g FROM generate_series(1, {}) AS g WHERE g > %s").format(Literal.of(3)), 1)
                    .orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(cur.fetchAll().join()).extracting(r -> r.get(0)).containsExactly(2, 3);
            cur.closeAsync().join();
        });
    }

    @Test
    void anAsyncRenderingFailureFailsTheFutureInsteadOfThrowing() {
        withAsyncConnection(async -> {
            Composed q = Sql.of("SELECT {}").format(Literal.of(new Object()));

            assertThat(Futures.failure(async.execute(q))).isInstanceOf(ProgrammingException.class)
                    .hasMessageContaining("cannot adapt type");
            assertThat(Futures.failure(async.execute(q, 1))).isInstanceOf(ProgrammingException.class);
            assertThat(Futures.failure(async.cursor().execute(q, Map.of()))).isInstanceOf(ProgrammingException.class);
        });
    }

    private void withAsyncConnection(Consumer<AsyncConnection> test) {
        AsyncConnection async = AsyncConnection.connect(dsn).join();
        try {
            test.accept(async);
        } finally {
            async.close();
        }
    }

    private static Row fetchOne(CompletableFuture<AsyncCursor<Row>> cursor) {
        return cursor.orTimeout(10, TimeUnit.SECONDS).join().fetchOne().join();
    }
}
