package dev.tusk.sql;

import dev.tusk.types.Adapters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A sequence of pieces rendered one after another (psycopg 3's {@code sql.Composed}): what
 * {@link Sql#format}, {@link Sql#join} and {@link Composable#plus} build.
 *
 * <pre>{@code
 * Composed fields = Composed.of(Identifier.of("a"), Identifier.of("b"));
 * fields.join(", ").asString();                                  // "a", "b"
 * Sql.of("SELECT ").plus(fields.join(", ")).asString();          // SELECT "a", "b"
 * }</pre>
 *
 * @param parts the pieces, in order
 */
public record Composed(List<Composable> parts) implements Composable {

    /**
     * Checks and copies the parts.
     *
     * @param parts the pieces, in order
     * @throws IllegalArgumentException if a piece is {@code null} or not a {@code Composable}
     */
    public Composed {
        Objects.requireNonNull(parts, "parts");
        List<Composable> copy = new ArrayList<>(parts.size());
        for (Object part : parts) {
            copy.add(checked(part, "part " + copy.size()));
        }
        parts = List.copyOf(copy);
    }

    /**
     * The pieces, in order.
     *
     * @param parts the pieces
     * @return their sequence
     * @throws IllegalArgumentException if a piece is {@code null}
     */
    public static Composed of(Composable... parts) {
        return new Composed(Arrays.asList(parts));
    }

    /**
     * Every part rendered, one after another.
     *
     * @param adapters the adapters that quote {@link Literal} values
     * @return the SQL text
     */
    @Override
    public String asString(Adapters adapters) {
        return concat(part -> part.asString(adapters));
    }

    /**
     * Every part's template, one after another.
     *
     * @param adapters the adapters that quote {@link Literal} values
     * @return the query text with psycopg placeholders
     */
    @Override
    public String asTemplate(Adapters adapters) {
        return concat(part -> part.asTemplate(adapters));
    }

    private String concat(Function<Composable, String> render) {
        StringBuilder sb = new StringBuilder();
        for (Composable part : parts) {
            sb.append(render.apply(part));
        }
        return sb.toString();
    }

    /**
     * These parts followed by another piece, or by the parts of another {@code Composed}.
     *
     * @param other what follows
     * @return the longer sequence
     */
    @Override
    public Composed plus(Composable other) {
        List<Composable> joined = new ArrayList<>(parts);
        if (other instanceof Composed c) {
            joined.addAll(c.parts);
        } else {
            joined.add(checked(other, "the operand"));
        }
        return new Composed(joined);
    }

    /**
     * The parts with a separator between each two (psycopg's {@code Composed.join}).
     *
     * <pre>{@code
     * Composed.of(Identifier.of("a"), Identifier.of("b")).join(Sql.of(", "));   // "a", "b"
     * }</pre>
     *
     * @param separator what goes between the parts
     * @return the joined parts
     */
    public Composed join(Sql separator) {
        return separator.join(parts);
    }

    /**
     * {@link #join(Sql)} with a separator of trusted SQL text.
     *
     * @param separator the SQL text between the parts, e.g. {@code ", "}
     * @return the joined parts
     */
    public Composed join(String separator) {
        return join(Sql.of(separator));
    }

    /**
     * The value as a {@code Composable}, or a clear error: raw collections and arrays can
     * carry anything past the compiler, and a plain string must never pass as SQL.
     */
    static Composable checked(Object value, String what) {
        if (value instanceof Composable c) {
            return c;
        }
        if (value == null) {
            throw new IllegalArgumentException(what + " is null: use Literal.of(null) for SQL NULL");
        }
        throw new IllegalArgumentException(what + " is a " + value.getClass().getName()
                + ", not a Composable: wrap values in Literal, names in Identifier and trusted SQL text in Sql");
    }
}
