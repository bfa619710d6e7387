package dev.tusk.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DataException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.types.Adapters;
import dev.tusk.types.Dumper;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rendering of {@link Identifier}, {@link Literal}, {@link Placeholder} and {@link Composed}. */
class ComposableTest {
    private static final Adapters GLOBAL = Adapters.global();

    // --- Identifier ---

    @Test
    void identifierIsDoubleQuoted() {
        assertThat(Identifier.of("users").asString()).isEqualTo("\"users\"");
        assertThat(Identifier.of("MixedCase").asString()).isEqualTo("\"MixedCase\"");
    }

    @Test
    void identifierPartsAreJoinedByDots() {
        assertThat(Identifier.of("my_schema", "my_table", "col").asString())
                .isEqualTo("\"my_schema\".\"my_table\".\"col\"");
        assertThat(Identifier.of("a.b").asString()).isEqualTo("\"a.b\"");
    }

    @Test
    void doubleQuotesInsideAnIdentifierAreDoubled() {
        assertThat(Identifier.of("say \"hi\"").asString()).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Identifier.of("\"; DROP TABLE x; --").asString()).isEqualTo("\"\"\"; DROP TABLE x; --\"");
    }

    @Test
    void otherCharactersInsideAnIdentifierAreKeptAsTheyAre() {
        String name = "it's \\ %s $1 🐘 e\u0301 \u202Eabc \n";

        assertThat(Identifier.of(name).asString()).isEqualTo("\"" + name + "\"");
    }

    @Test
    void anIdentifierNeedsAPart() {
        assertThatThrownBy(Identifier::of)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one part");
    }

    @Test
    void emptyOrNullPartsAreRefused() {
        assertThatThrownBy(() -> Identifier.of("s", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identifier part 1 is empty");
        assertThatThrownBy(() -> Identifier.of("s", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identifier part 1 is null");
    }

    @Test
    void aNulInsideAnIdentifierIsRefused() {
        assertThatThrownBy(() -> Identifier.of("a\0b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void identifierKeepsAnImmutableCopyOfItsParts() {
        List<String> parts = new ArrayList<>(List.of("a", "b"));
        Identifier id = new Identifier(parts);
        parts.set(0, "changed");

        assertThat(id.parts()).containsExactly("a", "b");
        assertThatThrownBy(() -> id.parts().add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(id).isEqualTo(Identifier.of("a", "b"));
    }

    // --- Literal ---

    @Test
    void literalIsQuotedByItsDumper() {
        assertThat(Literal.of("O'Reilly").asString()).isEqualTo("'O''Reilly'");
        assertThat(Literal.of(42).asString()).isEqualTo("42");
        assertThat(Literal.of(-42L).asString()).isEqualTo("(-42)");
        assertThat(Literal.of(new BigDecimal("1.50")).asString()).isEqualTo("1.50");
        assertThat(Literal.of(true).asString()).isEqualTo(GLOBAL.dumperFor(true).quote(true));
        assertThat(Literal.of(LocalDate.of(2024, 2, 29)).asString()).isEqualTo("'2024-02-29'::date");
    }

    @Test
    void literalWithABackslashIsAnEscapeString() {
        // Reads the same whatever standard_conforming_strings says.
        assertThat(Literal.of("a\\b'c").asString()).isEqualTo(" E'a\\\\b''c'");
    }

    @Test
    void nullLiteralIsNull() {
        assertThat(Literal.of(null).asString()).isEqualTo("NULL");
    }

    @Test
    void literalUsesTheAdaptersItIsGiven() {
        record Point(int x, int y) {
        }
        Adapters adapters = GLOBAL.copy();
        adapters.register(Point.class, Dumper.text(600, p -> "(" + p.x() + "," + p.y() + ")"));

        assertThat(Literal.of(new Point(1, 2)).asString(adapters)).isEqualTo("'(1,2)'::point");
        assertThatThrownBy(() -> Literal.of(new Point(1, 2)).asString())
                .isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("cannot adapt type");
    }

    @Test
    void aNulInsideAStringLiteralFailsToRender() {
        assertThatThrownBy(() -> Literal.of("a\0b").asString()).isInstanceOf(DataException.class);
    }

    // --- Placeholder ---

    @Test
    void placeholdersRenderAsPsycopgMarkers() {
        assertThat(Placeholder.of().asString()).isEqualTo("%s");
        assertThat(Placeholder.of(ParamFormat.BINARY).asString()).isEqualTo("%b");
        assertThat(Placeholder.of(ParamFormat.TEXT).asString()).isEqualTo("%t");
        assertThat(Placeholder.of("id").asString()).isEqualTo("%(id)s");
        assertThat(Placeholder.of("id", ParamFormat.BINARY).asString()).isEqualTo("%(id)b");
        assertThat(Placeholder.of("id", ParamFormat.TEXT).asString()).isEqualTo("%(id)t");
    }

    @Test
    void placeholderNamesThatWouldBreakTheMarkerAreRefused() {
        assertThatThrownBy(() -> Placeholder.of("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Placeholder.of()");
        assertThatThrownBy(() -> Placeholder.of("a)b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Placeholder.of("a\0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Placeholder.of("a", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void renderedPlaceholdersParseBackToTheirNamesAndFormats() {
        Composed q = Sql.of("SELECT {}, {}, {}").format(
                Placeholder.of("a"), Placeholder.of("b c", ParamFormat.BINARY), Placeholder.of("a"));

        PlaceholderQuery parsed = PlaceholderQuery.parse(q.asTemplate(GLOBAL));

        assertThat(parsed.sql()).isEqualTo("SELECT $1, $2, $1");
        assertThat(parsed.names()).containsExactly("a", "b c");
        assertThat(parsed.formats()).containsExactly(ParamFormat.AUTO, ParamFormat.BINARY);
    }

    // --- templates: % in names and values is never a placeholder ---

    @Test
    void percentSignsOfIdentifiersAndLiteralsAreDoubledInTheTemplate() {
        Composed q = Sql.of("SELECT {} FROM {} WHERE x = %s AND y LIKE 'a%%'")
                .format(Literal.of("100%s"), Identifier.of("50%(x)s"));

        assertThat(q.asString()).isEqualTo("SELECT '100%s' FROM \"50%(x)s\" WHERE x = %s AND y LIKE 'a%%'");
        assertThat(q.asTemplate(GLOBAL))
                .isEqualTo("SELECT '100%%s' FROM \"50%%(x)s\" WHERE x = %s AND y LIKE 'a%%'");
        assertThat(PlaceholderQuery.parse(q.asTemplate(GLOBAL)).sql())
                .isEqualTo("SELECT '100%s' FROM \"50%(x)s\" WHERE x = $1 AND y LIKE 'a%'");
    }

    // --- Composed ---

    @Test
    void composedRendersItsPartsInOrder() {
        Composed q = Composed.of(Sql.of("SELECT "), Literal.of(1), Sql.of(" AS "), Identifier.of("one"));

        assertThat(q.asString()).isEqualTo("SELECT 1 AS \"one\"");
    }

    @Test
    void plusConcatenatesAndSplicesComposedOperands() {
        Composed a = Sql.of("SELECT ").plus(Identifier.of("x"));
        Composed b = Sql.of(" FROM ").plus(Identifier.of("t"));

        Composed q = a.plus(b);

        assertThat(a.parts()).containsExactly(Sql.of("SELECT "), Identifier.of("x"));
        assertThat(q.parts()).containsExactly(Sql.of("SELECT "), Identifier.of("x"), Sql.of(" FROM "),
                Identifier.of("t"));
        assertThat(q.asString()).isEqualTo("SELECT \"x\" FROM \"t\"");
        assertThat(Identifier.of("a").plus(b).parts()).hasSize(3);
    }

    @Test
    void composedJoinPutsASeparatorBetweenItsParts() {
        Composed fields = Composed.of(Identifier.of("a"), Identifier.of("b"));

        assertThat(fields.join(", ").asString()).isEqualTo("\"a\", \"b\"");
        assertThat(fields.join(Sql.of(" || ")).asString()).isEqualTo("\"a\" || \"b\"");
    }

    @Test
    void composedRefusesNullParts() {
        assertThatThrownBy(() -> Composed.of(Sql.of("a"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("part 1 is null");
        assertThatThrownBy(() -> Sql.of("a").plus(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }

    @Test
    void composedComparesByContent() {
        assertThat(Sql.of("{}").format(Identifier.of("a")))
                .isEqualTo(Composed.of(Identifier.of("a")))
                .isNotEqualTo(Composed.of(Identifier.of("b")));
    }

    @Test
    void aHundredThousandJoinedPiecesRender() {
        List<Composable> columns = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            columns.add(Identifier.of("c" + i));
        }

        String sql = Sql.of(", ").join(columns).asString();

        assertThat(sql).startsWith("\"c0\", \"c1\"").endsWith("\"c99999\"");
        assertThat(Arrays.stream(sql.split(", "))).hasSize(100_000);
    }
}
