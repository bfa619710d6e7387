package dev.tusk.sql;

import dev.tusk.types.Adapters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Raw SQL text written by the programmer (psycopg 3's {@code sql.SQL}), rendered verbatim:
 * never build it from input. It is also the template for {@link #format} and the separator
 * for {@link #join}.
 *
 * <pre>{@code
 * Composed q = Sql.of("INSERT INTO {} ({}) VALUES ({})").format(
 *         Identifier.of("my_schema", "my_table"),
 *         Sql.of(", ").join(List.of(Identifier.of("id"), Identifier.of("name"))),
 *         Sql.of(", ").join(List.of(Placeholder.of(), Placeholder.of())));
 * cur.execute(q, 10, "O'Reilly");
 * }</pre>
 *
 * @param text the SQL text
 */
public record Sql(String text) implements Composable {

    /**
     * Checks the text.
     *
     * @param text the SQL text
     * @throws NullPointerException if {@code text} is {@code null}
     */
    public Sql {
        Objects.requireNonNull(text, "text");
    }

    /**
     * Trusted SQL text.
     *
     * @param text the SQL text, written by the programmer
     * @return the snippet
     */
    public static Sql of(String text) {
        return new Sql(text);
    }

    /**
     * The text, verbatim.
     *
     * @param adapters unused
     * @return {@link #text()}
     */
    @Override
    public String asString(Adapters adapters) {
        return text;
    }

    /**
     * The text, verbatim: its {@code %} are the programmer's (placeholders, or {@code %%}).
     *
     * @param adapters unused
     * @return {@link #text()}
     */
    @Override
    public String asTemplate(Adapters adapters) {
        return text;
    }

    /**
     * Fills the {@code {}} fields of this text with the arguments (psycopg's
     * {@code SQL.format}): {@code {}} takes the next argument, {@code {0}} the first one
     * (automatic and manual numbering cannot be mixed), and <code>&#123;&#123;</code> and
     * <code>&#125;&#125;</code> are literal braces. Only {@link Composable} arguments are
     * accepted, so that no string slips in unquoted: wrap a value in
     * {@link Literal}, a name in {@link Identifier}, trusted text in {@link Sql}. Every
     * argument must be used.
     *
     * <pre>{@code
     * Sql.of("SELECT {1} FROM {0} WHERE {1} > 0")
     *         .format(Identifier.of("t"), Identifier.of("a"));   // SELECT "a" FROM "t" WHERE "a" > 0
     * }</pre>
     *
     * @param args the values of the fields
     * @return the text with the arguments in place of its fields
     * @throws IllegalArgumentException if the text is not a valid format string, a field has
     *                                  no argument, an argument is unused, {@code null} or
     *                                  not a {@code Composable}
     */
    public Composed format(Composable... args) {
        return SqlFormat.format(text, Arrays.asList(args), Map.of());
    }

    /**
     * Fills the {@code {name}} fields of this text with the arguments of those names;
     * <code>&#123;&#123;</code> and <code>&#125;&#125;</code> are literal braces. Names are
     * letters, digits and {@code _}, not all digits. Keys that no field names are ignored.
     *
     * <pre>{@code
     * Sql.of("SELECT * FROM {table} WHERE {pkey} = %s").format(Map.of(
     *         "table", Identifier.of("people"),
     *         "pkey", Identifier.of("id")));
     * }</pre>
     *
     * @param args the values of the fields, by name
     * @return the text with the arguments in place of its fields
     * @throws IllegalArgumentException if the text is not a valid format string, a field has
     *                                  no argument or a positional field ({@code {}},
     *                                  {@code {0}}) is used, a value is {@code null} or not a
     *                                  {@code Composable}
     */
    public Composed format(Map<String, ? extends Composable> args) {
        return SqlFormat.format(text, List.of(), args);
    }

    /**
     * The pieces with this text between each two (psycopg's {@code SQL.join}).
     *
     * <pre>{@code
     * Sql.of(", ").join(List.of(Identifier.of("a"), Identifier.of("b")));   // "a", "b"
     * }</pre>
     *
     * @param pieces what to join, possibly none
     * @return the joined pieces
     * @throws IllegalArgumentException if a piece is {@code null} or not a {@code Composable}
     */
    public Composed join(Iterable<? extends Composable> pieces) {
        List<Composable> parts = new ArrayList<>();
        int i = 0;
        for (Object piece : pieces) {
            if (i > 0) {
                parts.add(this);
            }
            parts.add(Composed.checked(piece, "piece " + i++));
        }
        return new Composed(parts);
    }

    /**
     * {@link #join(Iterable)} for pieces given one by one.
     *
     * <pre>{@code
     * Sql.of(" AND ").join(Sql.of("a > 0"), Sql.of("b > 0"));   // a > 0 AND b > 0
     * }</pre>
     *
     * @param pieces what to join
     * @return the joined pieces
     */
    public Composed join(Composable... pieces) {
        return join(Arrays.asList(pieces));
    }
}
