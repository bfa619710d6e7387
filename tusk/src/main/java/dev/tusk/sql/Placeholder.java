package dev.tusk.sql;

import dev.tusk.types.Adapters;
import java.util.Objects;

/**
 * A parameter marker (psycopg 3's {@code sql.Placeholder}): {@code %s}, or {@code %(name)s}
 * for a named parameter, with {@code %b}/{@code %t} to ask for binary or text. The
 * parameters themselves are given to {@code execute} and travel out of band.
 *
 * <pre>{@code
 * Composed q = Sql.of("INSERT INTO t ({}) VALUES ({})").format(
 *         Sql.of(", ").join(List.of(Identifier.of("id"), Identifier.of("name"))),
 *         Sql.of(", ").join(List.of(Placeholder.of("id"), Placeholder.of("name"))));
 * q.asString();                              // INSERT INTO t ("id", "name") VALUES (%(id)s, %(name)s)
 * cur.execute(q, Map.of("id", 1, "name", "Ann"));
 * }</pre>
 *
 * @param name   the parameter's name, or {@code null} for a positional parameter
 * @param format the format asked for
 */
public record Placeholder(String name, ParamFormat format) implements Composable {

    /**
     * Checks the parts.
     *
     * @param name   the parameter's name, or {@code null} for a positional parameter
     * @param format the format asked for
     * @throws IllegalArgumentException if the name is empty or holds {@code )} (which would end
     *                                  it early) or NUL
     */
    public Placeholder {
        Objects.requireNonNull(format, "format");
        if (name != null && (name.isEmpty() || name.indexOf(')') >= 0 || name.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("invalid placeholder name '" + name
                    + "': it must be non-empty, without ')' or NUL (use Placeholder.of() for a positional one)");
        }
    }

    /**
     * A positional placeholder, {@code %s}.
     *
     * @return the placeholder
     */
    public static Placeholder of() {
        return new Placeholder(null, ParamFormat.AUTO);
    }

    /**
     * A positional placeholder in a format: {@code %s}, {@code %b} or {@code %t}.
     *
     * @param format the format asked for
     * @return the placeholder
     */
    public static Placeholder of(ParamFormat format) {
        return new Placeholder(null, format);
    }

    /**
     * A named placeholder, {@code %(name)s}.
     *
     * @param name the parameter's name
     * @return the placeholder
     * @throws IllegalArgumentException if the name is empty or holds {@code )} or NUL
     */
    public static Placeholder of(String name) {
        return new Placeholder(name, ParamFormat.AUTO);
    }

    /**
     * A named placeholder in a format: {@code %(name)s}, {@code %(name)b} or {@code %(name)t}.
     *
     * @param name   the parameter's name
     * @param format the format asked for
     * @return the placeholder
     * @throws IllegalArgumentException if the name is empty or holds {@code )} or NUL
     */
    public static Placeholder of(String name, ParamFormat format) {
        return new Placeholder(name, format);
    }

    /**
     * The marker: {@code %s}, {@code %(name)s}, ...
     *
     * @param adapters unused
     * @return the marker
     */
    @Override
    public String asString(Adapters adapters) {
        return name == null ? "%" + format.letter() : "%(" + name + ")" + format.letter();
    }

    /**
     * The marker, which is what {@code execute} binds a parameter to.
     *
     * @param adapters unused
     * @return the marker
     */
    @Override
    public String asTemplate(Adapters adapters) {
        return asString(adapters);
    }
}
