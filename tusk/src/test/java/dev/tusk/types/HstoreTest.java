package dev.tusk.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.AsyncConnection;
import dev.tusk.ConnectOptions;
import dev.tusk.Connection;
import dev.tusk.PollingConnection;
import dev.tusk.PollingCursor;
import dev.tusk.Row;
import dev.tusk.errors.DataException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code hstore} and {@code citext} extensions, found at connect time, in a database of
 * their own (so that other tests' connections never see them): loaded in text and binary,
 * dumped, in arrays and inside composites.
 */
@ExtendWith(PostgresExtension.class)
class HstoreTest {
    private static final String DB = "tusk_hstore_test";
    /** Connected before the extensions existed. */
    private static Connection before;
    private final String dsn;
    private Connection text;
    private Connection binary;

    HstoreTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    private static ConnectOptions.Builder options() {
        return ConnectOptions.builder().param("dbname", DB).autocommit(true);
    }

    @BeforeAll
    static void createDatabase(@Dsn String dsn) {
        try (Connection c = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            c.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
            c.execute("CREATE DATABASE " + DB);
        }
        before = Connection.connect(dsn, options().build());
        try (Connection c = Connection.connect(dsn, options().build())) {
            c.execute("CREATE EXTENSION hstore; CREATE EXTENSION citext;"
                    + " CREATE TYPE card AS (value int, suit text);"
                    + " CREATE TYPE doc AS (id int, cards card[], spans int4range[], attrs hstore, tag citext)");
        }
    }

    @AfterAll
    static void dropDatabase(@Dsn String dsn) {
        before.close();
        try (Connection c = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            c.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
        }
    }

    @BeforeEach
    void connect() {
        text = Connection.connect(dsn, options().prepareThreshold(-1).build());
        binary = Connection.connect(dsn, options().prepareThreshold(0).build());
    }

    @AfterEach
    void close() {
        text.close();
        binary.close();
    }

    /** Runs the check twice on each connection: text results, then binary ones from the second go. */
    private void eachFormat(BiConsumer<Connection, String> check) {
        for (Connection c : List.of(text, binary)) {
            for (int i = 0; i < 2; i++) {
                check.accept(c, c == text ? "text" : "binary");
            }
        }
    }

    private static Map<String, String> map(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void onlyConnectionsMadeAfterTheExtensionsFindThem() {
        Row r = before.execute("SELECT 'a=>1'::hstore, '{a,B}'::citext[]").fetchOne();
        assertThat(r.get(0)).isEqualTo("\"a\"=>\"1\"");
        assertThat(r.get(1)).isEqualTo("{a,B}");
        assertThatThrownBy(() -> before.execute("SELECT %s", (Object) Map.of("a", "1"))).isInstanceOf(ProgrammingException.class);
        r = text.execute("SELECT 'a=>1'::hstore, '{a,B}'::citext[]").fetchOne();
        assertThat(r.get(0)).isEqualTo(Map.of("a", "1"));
        assertThat(r.get(1)).isEqualTo(List.of("a", "B"));
    }

    @Test
    void theQueryCanBeTurnedOff() {
        try (Connection c = Connection.connect(dsn, options().enableHstore(false).build())) {
            assertThat(c.execute("SELECT 'a=>1'::hstore").fetchOne().get(0)).isEqualTo("\"a\"=>\"1\"");
            assertThatThrownBy(() -> c.execute("SELECT %s", (Object) Map.of("a", "1"))).isInstanceOf(ProgrammingException.class)
                    .hasMessageContaining("Map");
            // by hand, as psycopg's register_hstore
            c.adapters().registerHstore(c.typeInfo("hstore"));
            assertThat(c.execute("SELECT 'a=>1'::hstore").fetchOne().get(0)).isEqualTo(Map.of("a", "1"));
        }
    }

    @Test
    void asyncAndPollingConnectionsFindThemToo() {
        AsyncConnection a = AsyncConnection.connect(dsn, options().build()).join();
        try {
            assertThat(a.execute("SELECT 'a=>NULL'::hstore").thenCompose(cur -> cur.fetchOne()).join().get(0))
                    .isEqualTo(map("a", null));
        } finally {
            a.close();
        }
        try (PollingConnection p = PollingConnection.start(dsn, options().build())) {
            assertThat(p.pollUntilOk(Duration.ofSeconds(30))).isTrue();
            PollingCursor<Row> cur = p.cursor();
            cur.execute("SELECT 'a=>1'::hstore, '{x}'::citext[]");
            assertThat(p.pollUntilOk(Duration.ofSeconds(30))).isTrue();
            assertThat(cur.fetchOne().toList()).containsExactly(Map.of("a", "1"), List.of("x"));
        }
        try (PollingConnection p = PollingConnection.start(dsn, options().enableHstore(false).build())) {
            assertThat(p.pollUntilOk(Duration.ofSeconds(30))).isTrue();
            PollingCursor<Row> cur = p.cursor();
            cur.execute("SELECT 'a=>1'::hstore");
            assertThat(p.pollUntilOk(Duration.ofSeconds(30))).isTrue();
            assertThat(cur.fetchOne().get(0)).isEqualTo("\"a\"=>\"1\"");
        }
    }

    @Test
    void mapsRoundTripWithNullsEscapesAndUnicode() {
        List<Map<String, String>> samples = List.of(
                map(),
                map("a", null),
                map("a", "1", "b", null, "c", "NULL", "", ""),
                map("q\"uote", "back\\slash", "=>", ",", " sp ace ", "\t\n", "k", "\"\\\""),
                map("héllo", "wörld ✓ 🐘", "{}", "()", "a=>b, c=>d", "'"));
        eachFormat((c, as) -> {
            for (Map<String, String> m : samples) {
                Row r = c.execute("SELECT %s, %s::text::hstore = %s", m, m, m).fetchOne();
                assertThat(r.get(0)).as(as + " " + m).isEqualTo(m);
                assertThat(r.get(1)).as(as + " " + m).isEqualTo(true);
            }
            Row r = c.execute("SELECT 'a=>1, b=>NULL, \"c d\"=>\"x\\\"y\", e=>\"\"'::hstore, %s::int", 1).fetchOne();
            assertThat(r.get(0)).as(as).isEqualTo(map("a", "1", "b", null, "c d", "x\"y", "e", ""));
        });
        assertThat(text.cursor().mogrify("%s", (Object) map("a", "1", "b", null))).isEqualTo("'\"a\"=>\"1\", \"b\"=>NULL'::hstore");
    }

    @Test
    void aMegabyteHstoreRoundTrips() {
        Map<String, String> big = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            big.put("key " + i + " \"é\"", i % 10 == 0 ? null : "value\\" + "x".repeat(80) + i);
        }
        eachFormat((c, as) -> {
            Row r = c.execute("SELECT %s, array_length(akeys(%s), 1), octet_length(%s::text) > 1000000", big, big, big)
                    .fetchOne();
            assertThat(r.get(0)).as(as).isEqualTo(big);
            assertThat(r.toList().subList(1, 3)).as(as).containsExactly(10_000, true);
        });
    }

    @Test
    void arraysOfHstoreAndCitext() {
        List<Map<String, String>> maps = Arrays.asList(map("a", "1"), null, map(), map("b", null));
        eachFormat((c, as) -> {
            Row r = c.execute("SELECT %s, ARRAY['x=>y'::hstore, NULL], '{Ab,\"c d\",NULL}'::citext[],"
                    + " 'MiXeD'::citext, 'mixed'::citext = %s", maps, "MIXED").fetchOne();
            assertThat(r.get(0)).as(as).isEqualTo(maps);
            assertThat(r.get(1)).as(as).isEqualTo(Arrays.asList(Map.of("x", "y"), null));
            assertThat(r.get(2)).as(as).isEqualTo(Arrays.asList("Ab", "c d", null));
            assertThat(r.get(3)).as(as).isEqualTo("MiXeD");
            assertThat(r.get(4)).as(as).isEqualTo(true);
        });
        assertThat(binary.adapters().hasBinaryLoader(binary.typeInfo("citext[]").oid())).isTrue();
    }

    @Test
    void mapsOfOtherThanStringsAreRefused() {
        assertThatThrownBy(() -> text.execute("SELECT %s", (Object) Map.of("a", 1))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("java.lang.Integer");
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "x");
        assertThatThrownBy(() -> text.execute("SELECT %s", (Object) nullKey)).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("null key");
    }

    record Card(int value, String suit) {
    }

    record Doc(int id, List<Card> cards, List<Range<Integer>> spans, Map<String, String> attrs, String tag) {
    }

    /**
     * The acceptance case: a composite with a nested array of a composite, an array of a
     * range, an hstore and a citext loads into Java values, and dumps back.
     */
    @Test
    void compositesHoldArraysOfCompositesRangesAndHstore() {
        for (Connection c : List.of(text, binary)) {
            c.adapters().registerComposite(c.typeInfo("card"), Card.class);
            c.adapters().registerComposite(c.typeInfo("doc"), Doc.class);
        }
        eachFormat((c, as) -> {
            Doc d = (Doc) c.execute("SELECT ROW(1, ARRAY[(2, 'hearts')::card, NULL], ARRAY['[1,3)'::int4range, 'empty'],"
                    + " 'a=>1, b=>NULL'::hstore, 'CI')::doc, %s::int", 1).fetchOne().get(0);
            assertThat(d.id()).as(as).isEqualTo(1);
            assertThat(d.cards()).as(as).isEqualTo(Arrays.asList(new Card(2, "hearts"), null));
            assertThat(d.spans()).as(as).containsExactly(Range.closedOpen(1, 3), Range.empty());
            assertThat(d.attrs()).as(as).isEqualTo(map("a", "1", "b", null));
            assertThat(d.tag()).as(as).isEqualTo("CI");
            Doc back = (Doc) c.execute("SELECT %s", d).fetchOne().get(0);
            assertThat(back).as(as).isEqualTo(d);
        });
    }

    @Test
    void theTextFormReadsWhatTheServerAccepts() {
        Adapters a = Adapters.global().copy();
        TypeInfo hstore = new TypeInfo("hstore", "hstore", 1_000_000, 0, TypeInfo.Kind.BASE, ',', List.of(), List.of(),
                0, 0, 0);
        a.registerHstore(hstore);
        Loader<?> l = a.loader(hstore.oid(), Format.TEXT);
        byte[] b = " a=>1,b => NuLL , \"c\\\"\" =>\"\", d\\,e=>x=y,a=>dup ".getBytes(StandardCharsets.UTF_8);
        assertThat(l.load(b, 0, b.length, LoadContext.UTC)).isEqualTo(map("a", "1", "b", null, "c\"", "", "d,e", "x=y"));
        for (String bad : List.of("a", "a=>", "a=>1 b=>2", "\"a=>1", "=>1", "a=1")) {
            byte[] v = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> l.load(v, 0, v.length, LoadContext.UTC)).as(bad).isInstanceOf(DataException.class);
        }
        byte[] empty = new byte[0];
        assertThat(l.load(empty, 0, 0, LoadContext.UTC)).isEqualTo(Map.of());
    }
}
