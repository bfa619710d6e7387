package dev.tusk.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.AsyncConnection;
import dev.tusk.Connection;
import dev.tusk.Row;
import dev.tusk.errors.DataException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.testing.Dsn;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * User-defined types against the real server: {@link TypeInfo} of each kind, enums, composites
 * and domains registered with {@link Adapters}, loaded from text results (unprepared) and
 * binary results (prepared), and dumped as parameters.
 */
class UserTypesTest extends TextAndBinaryTest {
    private final String dsn;

    UserTypesTest(@Dsn String dsn) {
        super(dsn);
        this.dsn = dsn;
    }

    @BeforeAll
    static void createTypes(@Dsn String dsn) {
        try (Connection c = Connection.connect(dsn)) {
            c.setAutocommit(true);
            c.execute("DROP SCHEMA IF EXISTS ut CASCADE; CREATE SCHEMA ut;"
                    + " CREATE TYPE ut.mood AS ENUM ('sad', 'ok', 'happy');"
                    + " CREATE TYPE ut.\"Mixed Case\" AS ENUM ('x');"
                    + " CREATE TYPE ut.card AS (value int, suit text);"
                    + " CREATE TYPE ut.pair AS (a text, b text);"
                    + " CREATE TYPE ut.hand AS (id int, cards ut.card[], tags text[], top ut.card, mood ut.mood);"
                    + " CREATE TYPE ut.allbin AS (n int8, d date, u uuid);"
                    + " CREATE TYPE ut.rnd AS (i int, t text, u text);"
                    + " CREATE TYPE ut.gone AS (a int, b text, c int); ALTER TYPE ut.gone DROP ATTRIBUTE b;"
                    + " CREATE TYPE ut.floatrange AS RANGE (subtype = float8);"
                    + " CREATE DOMAIN ut.posint AS int CHECK (VALUE > 0);"
                    + " CREATE DOMAIN ut.word AS text CHECK (VALUE !~ '\\s');"
                    + " CREATE TYPE ut.scored AS (w ut.word, n ut.posint)");
        }
    }

    @BeforeEach
    void searchPath() {
        for (Connection c : both()) {
            c.execute("SET search_path = ut, public");
        }
    }

    enum Mood { SAD, OK, HAPPY }

    /** Lacks {@code happy}. */
    enum Partial { SAD, OK }

    /** Has a constant without a label. */
    enum Extra { SAD, OK, HAPPY, ECSTATIC }

    record Card(int value, String suit) {
    }

    /** Components in another order than the fields: bound by name. */
    record Pair(String b, String a) {
    }

    record Hand(Integer id, List<Card> cards, List<String> tags, Card top, Mood mood) {
    }

    record AllBin(long n, LocalDate d, UUID u) {
    }

    record Rnd(Integer i, String t, String u) {
    }

    record Wrong(int value, String colour) {
    }

    /** Loads {@code sql} (with one {@code %s::int} at least, so that it is prepared) twice on both connections. */
    private void eachFormat(java.util.function.BiConsumer<Connection, String> check) {
        for (Connection c : both()) {
            for (int i = 0; i < 2; i++) {
                check.accept(c, c == text ? "text" : "binary");
            }
        }
    }

    // ---- TypeInfo ---------------------------------------------------------------------------

    @Test
    void typeInfoOfEachKind() {
        TypeInfo mood = text.typeInfo("mood");
        assertThat(mood.kind()).isEqualTo(TypeInfo.Kind.ENUM);
        assertThat(mood.name()).isEqualTo("mood");
        assertThat(mood.sqlName()).isEqualTo("mood");
        assertThat(mood.labels()).containsExactly("sad", "ok", "happy");
        assertThat(mood.arrayOid()).isNotZero();
        assertThat(mood.delimiter()).isEqualTo(',');
        assertThat(mood.oid()).isEqualTo(text.execute("SELECT 'ut.mood'::regtype::oid::int").fetchOne().get(0));

        TypeInfo card = text.typeInfo("card");
        assertThat(card.kind()).isEqualTo(TypeInfo.Kind.COMPOSITE);
        assertThat(card.fields()).containsExactly(new TypeInfo.Field("value", Oids.INT4),
                new TypeInfo.Field("suit", Oids.TEXT));
        assertThat(card.labels()).isEmpty();
        TypeInfo hand = text.typeInfo("hand");
        assertThat(hand.fields().get(1)).isEqualTo(new TypeInfo.Field("cards", card.arrayOid()));
        assertThat(text.typeInfo("gone").fields()).extracting(TypeInfo.Field::name).containsExactly("a", "c");

        TypeInfo posint = text.typeInfo("posint");
        assertThat(posint.kind()).isEqualTo(TypeInfo.Kind.DOMAIN);
        assertThat(posint.baseOid()).isEqualTo(Oids.INT4);

        TypeInfo range = text.typeInfo("floatrange");
        assertThat(range.kind()).isEqualTo(TypeInfo.Kind.RANGE);
        assertThat(range.rangeSubtype()).isEqualTo(Oids.FLOAT8);
        assertThat(range.multirangeOid()).isEqualTo(text.execute("SELECT 'ut.floatmultirange'::regtype::oid::int")
                .fetchOne().get(0));
        assertThat(text.typeInfo("floatmultirange").kind()).isEqualTo(TypeInfo.Kind.MULTIRANGE);
        eachFormat((c, as) -> {
            c.adapters().registerRange(c.typeInfo("floatrange"));
            Row r = c.execute("SELECT '[1.5,2.5)'::ut.floatrange, '{[1,2),[3,4)}'::ut.floatmultirange,"
                    + " ARRAY['(,0]'::ut.floatrange], %s::int", 1).fetchOne();
            assertThat(r.get(0)).as(as).isEqualTo(Range.closedOpen(1.5, 2.5));
            assertThat(r.get(1)).as(as).isEqualTo(Multirange.of(Range.closedOpen(1.0, 2.0), Range.closedOpen(3.0, 4.0)));
            assertThat(r.get(2)).as(as).isEqualTo(List.of(Range.atMost(0.0)));
        });

        TypeInfo int4 = text.typeInfo("integer");
        assertThat(int4).isEqualTo(new TypeInfo("int4", "integer", Oids.INT4, 1007, TypeInfo.Kind.BASE, ',',
                List.of(), List.of(), 0, 0, 0));
        assertThat(text.typeInfo("record").kind()).isEqualTo(TypeInfo.Kind.PSEUDO);
        assertThat(text.typeInfo("box").delimiter()).isEqualTo(';');
    }

    @Test
    void typeInfoResolvesNamesAsRegtypeDoes() {
        assertThat(text.typeInfo("ut.mood")).isEqualTo(text.typeInfo("mood"));
        assertThat(text.typeInfo("no_such_type")).isNull();
        assertThat(text.typeInfo("ut.no_such_type")).isNull();
        assertThat(text.typeInfo("\"it's \\ odd\"")).isNull();
        assertThatThrownBy(() -> text.typeInfo("it's")).isInstanceOf(dev.tusk.errors.SyntaxError.class);
        assertThat(text.typeInfo("mood").kind()).isEqualTo(TypeInfo.Kind.ENUM);
        assertThat(text.typeInfo("\"Mixed Case\"").sqlName()).isEqualTo("\"Mixed Case\"");
        text.execute("SET search_path = public");
        assertThat(text.typeInfo("mood")).isNull();
        assertThat(text.typeInfo("ut.\"Mixed Case\"").sqlName()).isEqualTo("ut.\"Mixed Case\"");
        assertThat(text.typeInfo("ut.mood").sqlName()).isEqualTo("ut.mood");
    }

    @Test
    void typeInfoOpensNoTransactionAndWorksInOne(@Dsn String dsn) {
        try (Connection c = Connection.connect(dsn)) {
            assertThat(c.typeInfo("ut.mood").kind()).isEqualTo(TypeInfo.Kind.ENUM);
            assertThat(c.transactionStatus()).isEqualTo(dev.tusk.TransactionStatus.IDLE);
            c.execute("CREATE TYPE pg_temp.t_in_tx AS ENUM ('a')");
            assertThat(c.typeInfo("pg_temp.t_in_tx").labels()).containsExactly("a");
            c.rollback();
            assertThat(c.typeInfo("pg_temp.t_in_tx")).isNull();
        }
    }

    @Test
    void asyncConnectionsFetchTypeInfo() {
        AsyncConnection c = AsyncConnection.connect(dsn).join();
        try {
            TypeInfo mood = c.typeInfo("ut.mood").join();
            assertThat(mood.labels()).containsExactly("sad", "ok", "happy");
            assertThat(c.typeInfo("nope").join()).isNull();
            c.adapters().registerEnum(mood, Mood.class);
            assertThat(c.execute("SELECT 'ok'::ut.mood").thenCompose(cur -> cur.fetchOne()).join().get(0))
                    .isEqualTo(Mood.OK);
        } finally {
            c.close();
        }
    }

    @Test
    void registeringTheWrongKindFails() {
        TypeInfo card = text.typeInfo("card");
        assertThatThrownBy(() -> text.adapters().registerEnum(card)).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("COMPOSITE");
        assertThatThrownBy(() -> text.adapters().registerComposite(text.typeInfo("mood")))
                .isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> text.adapters().registerDomain(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("typeInfo");
    }

    // ---- enums ------------------------------------------------------------------------------

    @Test
    void enumsLoadAsStrings() {
        for (Connection c : both()) {
            c.adapters().registerEnum(c.typeInfo("mood"));
        }
        eachFormat((c, as) -> {
            Row r = c.execute("SELECT 'ok'::mood, '{sad,NULL,happy}'::mood[], %s::int", 1).fetchOne();
            assertThat(r.get(0)).as(as).isEqualTo("ok");
            assertThat(r.get(1)).as(as).isEqualTo(Arrays.asList("sad", null, "happy"));
            // strings still go untyped: the server reads them as labels
            assertThat(c.execute("SELECT %s::mood, %s = 'ok'::mood", "happy", "ok").fetchOne().toList())
                    .as(as).containsExactly("happy", true);
        });
    }

    @Test
    void enumsLoadAndDumpAsJavaEnums() {
        for (Connection c : both()) {
            c.adapters().registerEnum(c.typeInfo("mood"), Mood.class);
            c.execute("CREATE TEMP TABLE moods (m mood, ms mood[])");
        }
        eachFormat((c, as) -> {
            Row r = c.execute("SELECT 'happy'::mood, '{ok,NULL}'::mood[], %s::int", 1).fetchOne();
            assertThat(r.get(0)).as(as).isEqualTo(Mood.HAPPY);
            assertThat(r.get(1)).as(as).isEqualTo(Arrays.asList(Mood.OK, null));
            // declared as the enum type: only then does pg_typeof see it
            r = c.execute("SELECT %s = 'happy'::mood, pg_typeof(%s)::text, %s", Mood.HAPPY, Mood.SAD,
                    List.of(Mood.SAD, Mood.OK)).fetchOne();
            assertThat(r.toList()).as(as).containsExactly(true, "mood", List.of(Mood.SAD, Mood.OK));
            c.execute("INSERT INTO moods VALUES (%s, %s)", Mood.OK, Arrays.asList(Mood.HAPPY, null));
            assertThat(c.execute("SELECT m, ms FROM moods WHERE m = %s", Mood.OK).fetchOne().toList()).as(as)
                    .containsExactly(Mood.OK, Arrays.asList(Mood.HAPPY, null));
        });
        assertThat(text.cursor().mogrify("SELECT %s", Mood.HAPPY)).isEqualTo("SELECT 'happy'::mood");
    }

    @Test
    void enumLabelsWithoutConstantsAndConstantsWithoutLabelsFail() {
        text.adapters().registerEnum(text.typeInfo("mood"), Partial.class);
        assertThat(text.execute("SELECT 'sad'::mood").fetchOne().get(0)).isEqualTo(Partial.SAD);
        assertThatThrownBy(() -> text.execute("SELECT 'happy'::mood").fetchOne().get(0))
                .isInstanceOf(DataException.class).hasMessageContaining("'happy'").hasMessageContaining("Partial");
        binary.adapters().registerEnum(binary.typeInfo("mood"), Extra.class);
        assertThatThrownBy(() -> binary.execute("SELECT %s", Extra.ECSTATIC)).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("ECSTATIC").hasMessageContaining("[sad, ok, happy]");
    }

    // ---- composites -------------------------------------------------------------------------

    @Test
    void compositesLoadAsCompositeValues() {
        for (Connection c : both()) {
            c.adapters().registerComposite(c.typeInfo("card"));
            c.adapters().registerComposite(c.typeInfo("gone"));
        }
        eachFormat((c, as) -> {
            Row r = c.execute("SELECT (8, 'hearts')::card, (NULL, NULL)::card, (NULL, '')::card,"
                    + " ARRAY[(1, 'a b')::card, NULL, (2, '\"')::card], ROW(1, 3)::gone, %s::int", 1).fetchOne();
            Composite card = (Composite) r.get(0);
            assertThat(card).as(as).containsExactly(8, "hearts");
            assertThat(card.get("suit")).isEqualTo("hearts");
            assertThat(card.fieldNames()).containsExactly("value", "suit");
            assertThat(card.type().name()).isEqualTo("card");
            assertThat(card).hasToString("card(value=8, suit=hearts)");
            assertThatThrownBy(() -> card.get("colour")).isInstanceOf(ProgrammingException.class)
                    .hasMessageContaining("[value, suit]");
            assertThat(r.get(1)).as(as).isEqualTo(Arrays.asList(null, null));
            assertThat(r.get(2)).as(as).isEqualTo(Arrays.asList(null, ""));
            assertThat(r.get(3)).as(as).isEqualTo(Arrays.asList(List.of(1, "a b"), null, List.of(2, "\"")));
            assertThat(r.get(4)).as(as).isEqualTo(List.of(1, 3));
            // and back, in text with the type left to the server
            assertThat(c.execute("SELECT %s::card = (8, 'hearts')::card", card).fetchOne().get(0)).isEqualTo(true);
        });
    }

    @Test
    void compositesLoadAsRecordsByFieldName() {
        for (Connection c : both()) {
            c.adapters().registerComposite(c.typeInfo("card"), Card.class);
            c.adapters().registerComposite(c.typeInfo("pair"), Pair.class);
        }
        eachFormat((c, as) -> {
            Row r = c.execute("SELECT (8, 'hearts')::card, ('x', 'y')::pair, '{\"(1,a)\",\"(2,)\"}'::card[],"
                    + " %s::int", 1).fetchOne();
            assertThat(r.get(0)).as(as).isEqualTo(new Card(8, "hearts"));
            assertThat(r.get(0, Card.class)).isEqualTo(new Card(8, "hearts"));
            assertThat(r.get(1)).as(as).isEqualTo(new Pair("y", "x"));
            assertThat(r.get(2)).as(as).isEqualTo(List.of(new Card(1, "a"), new Card(2, null)));
            assertThatThrownBy(() -> c.execute("SELECT (NULL, 'x')::card, %s::int", 1).fetchOne().get(0)).as(as)
                    .isInstanceOf(DataException.class).hasMessageContaining("NULL").hasMessageContaining("int value");
        });
    }

    @Test
    void recordsWhoseComponentsAreNotTheFieldsAreRefused() {
        assertThatThrownBy(() -> text.adapters().registerComposite(text.typeInfo("card"), Wrong.class))
                .isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("no component for [suit]").hasMessageContaining("no field for [colour]");
    }

    @Test
    void recordsDumpAsComposites() {
        for (Connection c : both()) {
            c.adapters().registerComposite(c.typeInfo("card"), Card.class);
            c.adapters().registerComposite(c.typeInfo("pair"), Pair.class);
            c.execute("CREATE TEMP TABLE cards (c card, cs card[])");
        }
        eachFormat((c, as) -> {
            c.execute("INSERT INTO cards VALUES (%s, %s)", new Card(3, "a, \"b\" (c)"),
                    List.of(new Card(1, null), new Card(2, "")));
            Row r = c.execute("SELECT c, cs, (c).suit, (cs[2]).suit IS NULL FROM cards WHERE (c).value = %s", 3)
                    .fetchOne();
            assertThat(r.toList()).as(as).containsExactly(new Card(3, "a, \"b\" (c)"),
                    List.of(new Card(1, null), new Card(2, "")), "a, \"b\" (c)", false);
            c.execute("DELETE FROM cards");
            // the dumper declares the type: no cast needed
            assertThat(c.execute("SELECT pg_typeof(%s)::text, %s", new Card(1, "x"), new Pair("b", "a"))
                    .fetchOne().toList()).as(as).containsExactly("card", new Pair("b", "a"));
        });
        assertThat(text.cursor().mogrify("SELECT %s", new Card(8, "two words")))
                .isEqualTo("SELECT '(8,\"two words\")'::card");
        assertThat(text.adapters().dumperFor(new Card(1, "x")).format()).isEqualTo(Format.TEXT);
    }

    @Test
    void recordsOfBinaryFieldsDumpInBinary() {
        for (Connection c : both()) {
            c.adapters().registerComposite(c.typeInfo("allbin"), AllBin.class);
            assertThat(c.adapters().dumperFor(new AllBin(1, LocalDate.EPOCH, new UUID(0, 0))).format())
                    .isEqualTo(Format.BINARY);
        }
        AllBin v = new AllBin(Long.MIN_VALUE, LocalDate.of(2024, 2, 29), UUID.randomUUID());
        eachFormat((c, as) -> {
            Row r = c.execute("SELECT %s, (%s).d, %s", v, v, List.of(v, v)).fetchOne();
            assertThat(r.toList()).as(as).containsExactly(v, v.d(), List.of(v, v));
        });
    }

    @Test
    void fieldsThatNeedQuotingRoundTrip() {
        List<String> samples = List.of("", " ", "a,b", "(x)", "\"q\"", "back\\slash", "NULL", "null", "tab\there",
                "new\nline", "héllo wörld ✓ 🐘", "{}", "'", ",", ")", "(", "\\\"", " lead", "trail ");
        for (Connection c : both()) {
            c.adapters().registerComposite(c.typeInfo("pair"), Pair.class);
        }
        eachFormat((c, as) -> {
            for (String s : samples) {
                Pair p = new Pair(s, s + "x");
                Row r = c.execute("SELECT %s, ROW(%s, %s)::pair, %s = ROW(%s, %s)::pair", p, s + "x", s, p, s + "x", s)
                        .fetchOne();
                assertThat(r.toList()).as(as + ": " + s).containsExactly(p, p, true);
            }
        });
    }

    /**
     * The acceptance case without extensions: a composite with a nested array of a composite,
     * an array, a nested composite and an enum, loaded and dumped.
     */
    @Test
    void nestedCompositesAndArraysOfCompositesLoad() {
        for (Connection c : both()) {
            c.adapters().registerEnum(c.typeInfo("mood"), Mood.class);
            c.adapters().registerComposite(c.typeInfo("card"), Card.class);
            c.adapters().registerComposite(c.typeInfo("hand"), Hand.class);
        }
        Hand h = new Hand(7, Arrays.asList(new Card(1, "a \"b\""), null, new Card(2, "{x,y}")),
                List.of("t,1", "NULL", ""), new Card(3, "(top)"), Mood.HAPPY);
        eachFormat((c, as) -> {
            Row r = c.execute("SELECT ROW(7, ARRAY[(1, 'a \"b\"')::card, NULL, (2, '{x,y}')::card],"
                    + " ARRAY['t,1', 'NULL', ''], (3, '(top)')::card, 'happy')::hand, %s, ARRAY[%s, NULL]", h, h)
                    .fetchOne();
            assertThat(r.get(0)).as(as).isEqualTo(h);
            assertThat(r.get(1)).as(as).isEqualTo(h);
            assertThat(r.get(2)).as(as).isEqualTo(Arrays.asList(h, null));
        });
    }

    @Test
    void compositesWithoutFieldLoadersComeAsText() {
        for (Connection c : both()) {
            // the mood field has no loader here: the hand comes in text, the field as its label
            c.adapters().registerComposite(c.typeInfo("hand"));
            assertThat(c.adapters().hasBinaryLoader(c.typeInfo("hand").oid())).isFalse();
        }
        eachFormat((c, as) -> {
            Composite h = (Composite) c.execute("SELECT ROW(1, '{\"(1,x)\"}', '{}', NULL, 'ok')::hand, %s::int", 1)
                    .fetchOne().get(0);
            // card[] is not known here either: its text
            assertThat(h).as(as).isEqualTo(Arrays.asList(1, "{\"(1,x)\"}", List.of(), null, "ok"));
        });
    }

    @Test
    void aConnectionScopeRegistrationReachesCompositesRegisteredGlobally() {
        Adapters scope = Adapters.global().copy();
        TypeInfo card = text.typeInfo("card");
        TypeInfo hand = text.typeInfo("hand");
        TypeInfo mood = text.typeInfo("mood");
        scope.registerComposite(hand);
        Adapters narrower = scope.copy();
        narrower.registerComposite(card, Card.class);
        narrower.registerEnum(mood, Mood.class);
        byte[] value = "(1,\"{\"\"(2,x)\"\"}\",{},\"(3,y)\",sad)".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(narrower.loader(hand.oid(), Format.TEXT).load(value, 0, value.length, LoadContext.UTC))
                .isEqualTo(Arrays.asList(1, List.of(new Card(2, "x")), List.of(), new Card(3, "y"), Mood.SAD));
        assertThat(scope.loader(hand.oid(), Format.TEXT).load(value, 0, value.length, LoadContext.UTC))
                .isEqualTo(Arrays.asList(1, "{\"(2,x)\"}", List.of(), "(3,y)", "sad"));
    }

    @Test
    void malformedCompositeTextFails() {
        TypeInfo card = text.typeInfo("card");
        Adapters a = Adapters.global().copy();
        a.registerComposite(card);
        Loader<?> l = a.loader(card.oid(), Format.TEXT);
        for (String bad : List.of("1,x)", "(1)", "(1,x,3)", "(1,\"x)", "(1,x) junk", "(1,x\\")) {
            byte[] b = bad.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThatThrownBy(() -> l.load(b, 0, b.length, LoadContext.UTC)).as(bad).isInstanceOf(DataException.class);
        }
        byte[] spaced = " (1, x ) ".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(l.load(spaced, 0, spaced.length, LoadContext.UTC)).isEqualTo(List.of(1, " x "));
    }

    // ---- domains ----------------------------------------------------------------------------

    @Test
    void domainColumnsComeAsTheirBaseTypeAndArraysOfDomainsNeedRegistering() {
        eachFormat((c, as) -> {
            Row r = c.execute("SELECT 5::posint, 'w'::word, '{1,2}'::posint[], %s::int", 1).fetchOne();
            assertThat(r.columns().get(0).typeCode()).isEqualTo(Oids.INT4);
            assertThat(r.get(0)).as(as).isEqualTo(5);
            assertThat(r.get(1)).as(as).isEqualTo("w");
            // the array's type is the domain's array type: unknown, so its text
            assertThat(r.get(2)).as(as).isEqualTo("{1,2}");
        });
        for (Connection c : both()) {
            c.adapters().registerDomain(c.typeInfo("posint"));
            c.adapters().registerDomain(c.typeInfo("word"));
            c.adapters().registerComposite(c.typeInfo("scored"));
            c.execute("CREATE TEMP TABLE d (ps posint[], ws word[])");
        }
        eachFormat((c, as) -> {
            Row r = c.execute("SELECT '{1,NULL,2}'::posint[], '{a,\"b\"}'::word[], ('w', 3)::scored, %s::int", 1)
                    .fetchOne();
            assertThat(r.get(0)).as(as).isEqualTo(Arrays.asList(1, null, 2));
            assertThat(r.get(1)).as(as).isEqualTo(List.of("a", "b"));
            assertThat(r.get(2)).as(as).isEqualTo(List.of("w", 3));
            c.execute("INSERT INTO d VALUES (%s, %s)", List.of(4, 5), List.of("x", "y"));
            assertThat(c.execute("SELECT ps, ws FROM d WHERE %s = ANY (ps)", 4).fetchOne().toList()).as(as)
                    .containsExactly(List.of(4, 5), List.of("x", "y"));
            c.execute("DELETE FROM d");
        });
        assertThat(binary.adapters().hasBinaryLoader(binary.typeInfo("_posint").oid())).isTrue();
    }

    // ---- differential -----------------------------------------------------------------------

    /**
     * 1,000 random composites of an int and two texts with every special character and NULLs:
     * what Tusk loads equals what the server built from the plain values, and what Tusk dumps
     * the server reads as the composite it builds itself.
     */
    @Test
    void randomCompositesAgreeWithTheServer() {
        Random random = new Random(20240229);
        String alphabet = "ab ,()\"\\{}'\t\nNULé✓🐘";
        int[] codePoints = alphabet.codePoints().toArray();
        List<Rnd> values = new ArrayList<>();
        for (int n = 0; n < 1000; n++) {
            values.add(new Rnd(random.nextInt(5) == 0 ? null : random.nextInt(),
                    randomText(random, codePoints), randomText(random, codePoints)));
        }
        List<Integer> is = values.stream().map(Rnd::i).toList();
        List<String> ts = values.stream().map(Rnd::t).toList();
        List<String> us = values.stream().map(Rnd::u).toList();
        for (Connection c : both()) {
            c.adapters().registerComposite(c.typeInfo("rnd"), Rnd.class);
        }
        eachFormat((c, as) -> {
            // loading: composites built by the server from plain arrays
            List<Object> loaded = c.execute("SELECT array_agg(ROW(i, t, u)::rnd ORDER BY n) FROM"
                    + " unnest(%s::int[], %s::text[], %s::text[]) WITH ORDINALITY AS x(i, t, u, n)", is, ts, us)
                    .fetchOne().get(0, List.class);
            assertThat(loaded).as(as).isEqualTo(values);
            // dumping: the server compares what it reads with what it builds
            Object mismatches = c.execute("WITH v AS (SELECT %s::rnd[] AS r, %s::int[] AS i, %s::text[] AS t,"
                    + " %s::text[] AS u) SELECT count(*) FROM v, generate_subscripts(r, 1) AS n"
                    + " WHERE r[n] IS DISTINCT FROM ROW(i[n], t[n], u[n])::rnd", values, is, ts, us).fetchOne().get(0);
            assertThat(mismatches).as(as).isEqualTo(0L);
        });
    }

    /** NULL one time in six, else 0 to 8 random characters. */
    private static String randomText(Random random, int[] codePoints) {
        if (random.nextInt(6) == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(9); i > 0; i--) {
            sb.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return sb.toString();
    }
}
