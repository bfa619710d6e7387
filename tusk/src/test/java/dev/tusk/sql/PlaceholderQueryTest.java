package dev.tusk.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.ProgrammingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaceholderQueryTest {

    // --- positional ---

    @Test
    void numbersPositionalPlaceholdersInOrder() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT %s, %b, %t FROM t WHERE a = %s");

        assertThat(q.sql()).isEqualTo("SELECT $1, $2, $3 FROM t WHERE a = $4");
        assertThat(q.parameterCount()).isEqualTo(4);
        assertThat(q.isNamed()).isFalse();
        assertThat(q.names()).isEmpty();
        assertThat(q.formats()).containsExactly(ParamFormat.AUTO, ParamFormat.BINARY, ParamFormat.TEXT, ParamFormat.AUTO);
    }

    @Test
    void turnsDoublePercentIntoALiteralPercent() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT 10 %% 3, 'a%%' LIKE %s, '%%%%'");

        assertThat(q.sql()).isEqualTo("SELECT 10 % 3, 'a%' LIKE $1, '%%'");
        assertThat(q.parameterCount()).isEqualTo(1);
    }

    @Test
    void recognisesPlaceholdersInsideQuotesAndComments() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT '%s' -- %s\n /* %s */ \"%s\"");

        assertThat(q.sql()).isEqualTo("SELECT '$1' -- $2\n /* $3 */ \"$4\"");
    }

    @Test
    void leavesDollarParametersInTheTextAlone() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT $1, %s, $$body$$");

        assertThat(q.sql()).isEqualTo("SELECT $1, $1, $$body$$");
        assertThat(q.parameterCount()).isEqualTo(1);
    }

    @Test
    void preservesUnicodeAroundPlaceholders() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT 'żółć 🐘' || %s || '日本'");

        assertThat(q.sql()).isEqualTo("SELECT 'żółć 🐘' || $1 || '日本'");
    }

    @Test
    void handlesAQueryWithoutPlaceholders() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT 1");

        assertThat(q.sql()).isEqualTo("SELECT 1");
        assertThat(q.parameterCount()).isZero();
        assertThat(q.formats()).isEmpty();
        assertThat(q.bind(new Object[0])).isEmpty();
        assertThat(q.bind(Map.of("extra", 1))).isEmpty();
        assertThat(q.render(new String[0])).isEqualTo("SELECT 1");
    }

    @Test
    void handlesPlaceholdersAtBothEnds() {
        assertThat(PlaceholderQuery.parse("%s").sql()).isEqualTo("$1");
        assertThat(PlaceholderQuery.parse("%s%s").sql()).isEqualTo("$1$2");
        assertThat(PlaceholderQuery.parse("").sql()).isEmpty();
    }

    // --- named ---

    @Test
    void mapsEachNameToOneParameter() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT %(a)s, %(b)t, %(a)s, %(c)b");

        assertThat(q.sql()).isEqualTo("SELECT $1, $2, $1, $3");
        assertThat(q.parameterCount()).isEqualTo(3);
        assertThat(q.isNamed()).isTrue();
        assertThat(q.names()).containsExactly("a", "b", "c");
        assertThat(q.formats()).containsExactly(ParamFormat.AUTO, ParamFormat.TEXT, ParamFormat.BINARY);
    }

    @Test
    void allowsAnyCharacterButACloseParenInNames() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT %(my name%)s, %(ünï)s");

        assertThat(q.names()).containsExactly("my name%", "ünï");
    }

    @Test
    void rejectsOneNameWithTwoFormats() {
        assertThatThrownBy(() -> PlaceholderQuery.parse("SELECT %(a)s, %(a)b"))
                .isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("placeholder 'a' cannot have different formats");
    }

    // --- syntax errors ---

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "SELECT %d          | got '%d'",
        "SELECT %x, %s      | got '%x'",
        "SELECT %(a)d       | got '%(a)d'",
        "SELECT %S          | got '%S'",
    })
    void rejectsUnknownPlaceholderLetters(String query, String detail) {
        assertThatThrownBy(() -> PlaceholderQuery.parse(query))
                .isExactlyInstanceOf(ProgrammingException.class)
                .hasMessage("only '%s', '%b', '%t' are allowed as placeholders, " + detail);
    }

    @Test
    void quotesAWholeSurrogatePairAfterPercent() {
        assertThatThrownBy(() -> PlaceholderQuery.parse("SELECT %🐘"))
                .hasMessage("only '%s', '%b', '%t' are allowed as placeholders, got '%🐘'");
    }

    @Test
    void rejectsAPercentAtTheEnd() {
        assertThatThrownBy(() -> PlaceholderQuery.parse("SELECT 10 %"))
                .isExactlyInstanceOf(ProgrammingException.class)
                .hasMessage("incomplete placeholder: '%'");
    }

    @Test
    void explainsHowToWriteTheModuloOperator() {
        assertThatThrownBy(() -> PlaceholderQuery.parse("SELECT 10 % 3"))
                .isExactlyInstanceOf(ProgrammingException.class)
                .hasMessageStartingWith("incomplete placeholder: '%'")
                .hasMessageContaining("'%%'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "SELECT %(name FROM t   | '%(name'",
        "SELECT %(name          | '%(name'",
        "SELECT %()s            | '%()s'",
        "SELECT %(name)         | '%(name)'",
    })
    void rejectsAnUnterminatedName(String query, String quoted) {
        assertThatThrownBy(() -> PlaceholderQuery.parse(query))
                .isExactlyInstanceOf(ProgrammingException.class)
                .hasMessage("incomplete placeholder: " + quoted);
    }

    @Test
    void rejectsMixingPositionalAndNamed() {
        assertThatThrownBy(() -> PlaceholderQuery.parse("SELECT %s, %(a)s"))
                .isExactlyInstanceOf(ProgrammingException.class)
                .hasMessage("positional and named placeholders cannot be mixed");
        assertThatThrownBy(() -> PlaceholderQuery.parse("SELECT %(a)s, %s"))
                .isExactlyInstanceOf(ProgrammingException.class)
                .hasMessage("positional and named placeholders cannot be mixed");
    }

    @Test
    void rejectsMoreParametersThanTheProtocolAllows() {
        String tooMany = "SELECT " + "%s,".repeat(65536);
        String enough = "SELECT " + "%s,".repeat(65535);

        assertThat(PlaceholderQuery.parse(enough).parameterCount()).isEqualTo(65535);
        assertThatThrownBy(() -> PlaceholderQuery.parse(tooMany))
                .isExactlyInstanceOf(ProgrammingException.class)
                .hasMessageContaining("65535");
    }

    // --- binding ---

    @Test
    void bindsPositionalArgumentsAsACopy() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT %s, %s");
        Object[] args = {1, null};

        Object[] bound = q.bind(args);

        assertThat(bound).containsExactly(1, null).isNotSameAs(args);
    }

    @Test
    void rejectsAPositionalArgumentCountMismatch() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT %s, %s");

        assertThatThrownBy(() -> q.bind(new Object[] {1, 2, 3}))
                .isExactlyInstanceOf(ProgrammingException.class)
                .hasMessage("the query has 2 placeholders but 3 parameters were passed");
        assertThatThrownBy(() -> q.bind(new Object[] {1}))
                .hasMessage("the query has 2 placeholders but 1 parameters were passed");
        assertThatThrownBy(() -> PlaceholderQuery.parse("SELECT 1").bind(new Object[] {1}))
                .hasMessage("the query has 0 placeholders but 1 parameters were passed");
    }

    @Test
    void bindsNamedArgumentsInParameterOrderIgnoringExtraKeys() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT %(b)s, %(a)s, %(b)s");
        Map<String, Object> args = new HashMap<>();
        args.put("a", 1);
        args.put("b", null);
        args.put("unused", 3);

        assertThat(q.bind(args)).containsExactly(null, 1);
    }

    @Test
    void namesEveryMissingKey() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT %(zeta)s, %(alpha)s, %(present)s");

        assertThatThrownBy(() -> q.bind(Map.of("present", 1)))
                .isExactlyInstanceOf(ProgrammingException.class)
                .hasMessage("query parameter missing: alpha, zeta");
    }

    @Test
    void rejectsAMapForAPositionalQuery() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT %s");

        assertThatThrownBy(() -> q.bind(Map.of("a", 1)))
                .isExactlyInstanceOf(ProgrammingException.class)
                .hasMessage("positional placeholders (%s) require a sequence of parameters");
    }

    @Test
    void rejectsAnArrayForANamedQuery() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT %(a)s");

        assertThatThrownBy(() -> q.bind(new Object[] {1}))
                .isExactlyInstanceOf(ProgrammingException.class)
                .hasMessage("named placeholders require a mapping of parameters");
    }

    // --- render ---

    @Test
    void rendersLiteralsIntoTheOriginalText() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT %s, %t, '100%%', '$1'");

        assertThat(q.render(new String[] {"'a'", "42"})).isEqualTo("SELECT 'a', 42, '100%', '$1'");
    }

    @Test
    void rendersARepeatedNameEachTime() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT %(x)s + %(y)s * %(x)s");

        assertThat(q.render(new String[] {"1", "NULL"})).isEqualTo("SELECT 1 + NULL * 1");
    }

    @Test
    void rendersLiteralsThatLookLikePlaceholdersVerbatim() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT %s, %s");

        assertThat(q.render(new String[] {"'%s'", "'$1'"})).isEqualTo("SELECT '%s', '$1'");
    }

    @Test
    void rejectsTheWrongNumberOfLiterals() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT %(x)s, %(x)s");

        assertThatThrownBy(() -> q.render(new String[] {"1", "1"}))
                .isExactlyInstanceOf(ProgrammingException.class)
                .hasMessage("the query has 1 parameters but 2 literals were passed");
    }

    // --- immutability and cache ---

    @Test
    void exposesImmutableLists() {
        PlaceholderQuery q = PlaceholderQuery.parse("SELECT %(a)s");

        assertThatThrownBy(() -> q.names().add("b")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> q.formats().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void returnsTheCachedParseForTheSameText() {
        String query = "SELECT %s /* returnsTheCachedParseForTheSameText */";

        assertThat(PlaceholderQuery.parse(query)).isSameAs(PlaceholderQuery.parse(query));
        assertThat(PlaceholderQuery.parse(query).original()).isEqualTo(query);
    }

    @Test
    void keepsTheCacheBounded() {
        for (int i = 0; i < PlaceholderQuery.CACHE_SIZE * 3; i++) {
            PlaceholderQuery.parse("SELECT %s -- bounded " + i);
        }

        assertThat(PlaceholderQuery.cacheSize()).isLessThanOrEqualTo(PlaceholderQuery.CACHE_SIZE);
    }

    @Test
    void doesNotCacheFailures() {
        assertThatThrownBy(() -> PlaceholderQuery.parse("SELECT %z")).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> PlaceholderQuery.parse("SELECT %z")).isInstanceOf(ProgrammingException.class);
    }

    @Test
    void parsesConcurrentlyWithConsistentResults() throws Exception {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        Map<String, String> seen = new ConcurrentHashMap<>();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 2000; i++) {
                        String query = "SELECT %(a)s -- " + (i % 400);
                        String sql = PlaceholderQuery.parse(query).sql();
                        String previous = seen.putIfAbsent(query, sql);
                        if (previous != null && !previous.equals(sql)) {
                            throw new AssertionError("inconsistent parse of " + query);
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(failures).isEmpty();
        assertThat(seen).hasSize(400).allSatisfy((query, sql) -> assertThat(sql).startsWith("SELECT $1 -- "));
        assertThat(PlaceholderQuery.cacheSize()).isLessThanOrEqualTo(PlaceholderQuery.CACHE_SIZE);
    }
}
