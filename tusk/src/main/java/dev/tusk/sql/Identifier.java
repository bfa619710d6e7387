package dev.tusk.sql;

import dev.tusk.types.Adapters;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The name of a database object (psycopg 3's {@code sql.Identifier}): a table, a column, a
 * function, ... Each part is double-quoted, with its double quotes doubled, and the parts
 * are joined by dots, so the server reads exactly the given name, case and all.
 *
 * <pre>{@code
 * Identifier.of("users").asString();                  // "users"
 * Identifier.of("my_schema", "my_table").asString();  // "my_schema"."my_table"
 * Identifier.of("say \"hi\"").asString();             // "say ""hi"""
 * }</pre>
 *
 * <p>The server truncates a name longer than 63 bytes (its {@code NAMEDATALEN}) with a notice.
 *
 * @param parts the name's parts, e.g. schema and table
 */
public record Identifier(List<String> parts) implements Composable {

    /**
     * Checks and copies the parts.
     *
     * @param parts the name's parts
     * @throws IllegalArgumentException if there are no parts, or a part is {@code null},
     *                                  empty or holds a NUL character (which no name can hold)
     */
    public Identifier {
        Objects.requireNonNull(parts, "parts");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("an identifier needs at least one part");
        }
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part == null || part.isEmpty()) {
                throw new IllegalArgumentException("identifier part " + i + " is " + (part == null ? "null" : "empty")
                        + ": PostgreSQL names cannot be empty");
            }
            if (part.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("identifier part " + i + " holds a NUL character,"
                        + " which PostgreSQL names cannot hold");
            }
        }
        parts = List.copyOf(parts);
    }

    /**
     * A name of one or more dotted parts.
     *
     * @param parts the parts, e.g. {@code "my_schema", "my_table"}
     * @return the identifier
     * @throws IllegalArgumentException if there are no parts, or a part is {@code null},
     *                                  empty or holds a NUL character
     */
    public static Identifier of(String... parts) {
        return new Identifier(Arrays.asList(parts));
    }

    /**
     * The quoted name: {@code "part"."part"}.
     *
     * @param adapters unused
     * @return the name as SQL
     */
    @Override
    public String asString(Adapters adapters) {
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append('"').append(part.replace("\"", "\"\"")).append('"');
        }
        return sb.toString();
    }
}
