package dev.tusk.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Sql}: trusted text, {@code format} with Python's field syntax, and {@code join}. */
class SqlTest {

    // --- format: fields ---

    @Test
    void formatFillsAutomaticFieldsInOrder() {
        Composed q = Sql.of("SELECT {} FROM {}").format(Identifier.of("a"), Identifier.of("s", "t"));

        assertThat(q.asString()).isEqualTo("SELECT \"a\" FROM \"s\".\"t\"");
        assertThat(q.parts()).containsExactly(Sql.of("SELECT "), Identifier.of("a"), Sql.of(" FROM "),
                Identifier.of("s", "t"));
    }

    @Test
    void formatFillsNumberedFieldsAndRepeatsThem() {
        Composed q = Sql.of("SELECT {1} FROM {0} WHERE {1} > {2}")
                .format(Identifier.of("t"), Identifier.of("a"), Literal.of(0));

        assertThat(q.asString()).isEqualTo("SELECT \"a\" FROM \"t\" WHERE \"a\" > 0");
    }

    @Test
    void formatFillsNamedFieldsFromAMapAndIgnoresExtraKeys() {
        Composed q = Sql.of("SELECT * FROM {table} WHERE {pkey} = {value}").format(Map.of(
                "table", Identifier.of("people"),
                "pkey", Identifier.of("id"),
                "value", Placeholder.of("id"),
                "unused", Sql.of("whatever")));

        assertThat(q.asString()).isEqualTo("SELECT * FROM \"people\" WHERE \"id\" = %(id)s");
    }

    @Test
    void formatAcceptsUnicodeLettersAndUnderscoresInNames() {
        assertThat(Sql.of("{größe_1}").format(Map.of("größe_1", Literal.of(1))).asString()).isEqualTo("1");
    }

    @Test
    void doubledBracesAreLiteralBraces() {
        Composed q = Sql.of("SELECT '{{}}', '{{{}}}', '}}{{'").format(Literal.of("x"));

        assertThat(q.asString()).isEqualTo("SELECT '{}', '{'x'}', '}{'");
    }

    @Test
    void formatWithoutFieldsIsTheTextAlone() {
        assertThat(Sql.of("SELECT 1").format().parts()).containsExactly(Sql.of("SELECT 1"));
        assertThat(Sql.of("").format().parts()).isEmpty();
    }

    @Test
    void aComposedArgumentIsKeptWhole() {
        Composed columns = Sql.of(", ").join(Identifier.of("a"), Identifier.of("b"));

        Composed q = Sql.of("SELECT {} FROM t").format(columns);

        assertThat(q.parts()).contains(columns);
        assertThat(q.asString()).isEqualTo("SELECT \"a\", \"b\" FROM t");
    }

    @Test
    void theBracesOfUnformattedTextAreLeftAlone() {
        assertThat(Sql.of("SELECT '{}'").asString()).isEqualTo("SELECT '{}'");
    }

    // --- format: errors ---

    @ParameterizedTest
    @ValueSource(strings = {"SELECT {", "SELECT {0", "{a{b}", "x { y"})
    void anUnmatchedOpeningBraceIsAnError(String template) {
        assertThatThrownBy(() -> Sql.of(template).format(Literal.of(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnmatchedOpeningBraceSaysWhereAndHowToEscapeIt() {
        assertThatThrownBy(() -> Sql.of("SELECT {").format())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unmatched '{' at position 7")
                .hasMessageContaining("'{{'")
                .hasMessageContaining("SELECT {");
    }

    @Test
    void aSingleClosingBraceIsAnError() {
        assertThatThrownBy(() -> Sql.of("SELECT }").format())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("single '}' at position 7");
        assertThatThrownBy(() -> Sql.of("{}}").format(Literal.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("single '}' at position 2");
    }

    @Test
    void conversionsAndFormatSpecificationsAreRefused() {
        assertThatThrownBy(() -> Sql.of("{0!r}").format(Literal.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conversions are not allowed");
        assertThatThrownBy(() -> Sql.of("{:>10}").format(Literal.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format specifications are not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{0.attr}", "{a[0]}", "{ }", "{a-b}", "{-1}"})
    void fieldsOtherThanNumbersAndNamesAreRefused(String template) {
        assertThatThrownBy(() -> Sql.of(template).format(Map.of("a", Literal.of(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid field");
    }

    @Test
    void automaticAndManualNumberingCannotBeMixed() {
        assertThatThrownBy(() -> Sql.of("{} {0}").format(Literal.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot switch from automatic field numbering");
        assertThatThrownBy(() -> Sql.of("{0} {}").format(Literal.of(1), Literal.of(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot switch from manual field numbering");
    }

    @Test
    void tooFewArgumentsIsAnError() {
        assertThatThrownBy(() -> Sql.of("{} {}").format(Literal.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the field {} needs argument 1 but 1 argument was given");
        assertThatThrownBy(() -> Sql.of("{3}").format(Literal.of(1), Literal.of(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the field {3} needs argument 3 but 2 arguments were given");
        assertThatThrownBy(() -> Sql.of("{99999999999}").format(Literal.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs argument");
    }

    @Test
    void anUnusedArgumentIsAnError() {
        assertThatThrownBy(() -> Sql.of("SELECT {}").format(Literal.of(1), Literal.of(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 1 is not used");
        assertThatThrownBy(() -> Sql.of("SELECT {1}").format(Literal.of(1), Literal.of(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 0 is not used");
    }

    @Test
    void aMissingNameIsAnError() {
        assertThatThrownBy(() -> Sql.of("SELECT {a}, {b}").format(Map.of("a", Literal.of(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no argument named 'b'");
        assertThatThrownBy(() -> Sql.of("SELECT {a}").format(Literal.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no argument named 'a'");
    }

    @Test
    void positionalFieldsNeedPositionalArguments() {
        assertThatThrownBy(() -> Sql.of("SELECT {}").format(Map.of("a", Literal.of(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the field {} needs argument 0 but 0 arguments were given");
    }

    @Test
    void theMessageCutsALongFormatString() {
        String template = "SELECT {} " + "x".repeat(10_000);

        assertThatThrownBy(() -> Sql.of(template).format())
                .isInstanceOf(IllegalArgumentException.class)
                .message().hasSizeLessThan(400).endsWith("...\")");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aPlainStringSmuggledInAsAnArgumentIsRefused() {
        // The compiler refuses Sql.of("{}").format("x"); an unchecked map gets past it.
        Map raw = new HashMap();
        raw.put("name", "Robert'); DROP TABLE students; --");

        assertThatThrownBy(() -> Sql.of("SELECT {name}").format(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 'name' is a java.lang.String, not a Composable")
                .hasMessageContaining("Literal")
                .hasMessageContaining("Identifier");
    }

    @Test
    void aNullArgumentIsRefusedWithAHintForSqlNull() {
        assertThatThrownBy(() -> Sql.of("SELECT {}").format((Composable) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 0 is null: use Literal.of(null)");
        Map<String, Composable> withNull = new HashMap<>();
        withNull.put("a", null);
        assertThatThrownBy(() -> Sql.of("SELECT {a}").format(withNull))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 'a' is null");
    }

    @Test
    void aNullTextIsRefused() {
        assertThatThrownBy(() -> Sql.of(null)).isInstanceOf(NullPointerException.class);
    }

    // --- join ---

    @Test
    void joinPutsTheTextBetweenEachTwoPieces() {
        Composed q = Sql.of(", ").join(List.of(Identifier.of("a"), Identifier.of("b"), Identifier.of("c")));

        assertThat(q.asString()).isEqualTo("\"a\", \"b\", \"c\"");
    }

    @Test
    void joinOfOneOrNoPiecesHasNoSeparator() {
        assertThat(Sql.of(", ").join(List.of(Identifier.of("a"))).asString()).isEqualTo("\"a\"");
        assertThat(Sql.of(", ").join(List.of()).asString()).isEmpty();
        assertThat(Sql.of(", ").join().parts()).isEmpty();
    }

    @Test
    void joinTakesPiecesOneByOne() {
        assertThat(Sql.of(" AND ").join(Sql.of("a > 0"), Sql.of("b > 0")).asString()).isEqualTo("a > 0 AND b > 0");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void joinRefusesAPlainStringSmuggledIn() {
        List raw = new ArrayList();
        raw.add(Identifier.of("a"));
        raw.add("b");

        assertThatThrownBy(() -> Sql.of(", ").join(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("piece 1 is a java.lang.String, not a Composable");
    }

    // --- rendering ---

    @Test
    void rendersItsTextVerbatimAlsoAsATemplate() {
        Sql s = Sql.of("SELECT 10 %% 3, %s, \"x\" -- '");

        assertThat(s.asString()).isEqualTo("SELECT 10 %% 3, %s, \"x\" -- '");
        assertThat(s.asTemplate(dev.tusk.types.Adapters.global())).isEqualTo(s.text());
    }

    @Test
    void comparesByText() {
        assertThat(Sql.of("a")).isEqualTo(Sql.of("a")).hasSameHashCodeAs(Sql.of("a"));
        assertThat(Sql.of("a")).isNotEqualTo(Sql.of("b"));
    }
}
