package dev.tusk.types;

import java.util.Objects;

/**
 * A JSON document to send as {@code jsonb} (where {@link Json} would send {@code json}), for
 * parameters compared with or stored in {@code jsonb} columns. {@code jsonb} values load as
 * {@link Json}.
 *
 * <pre>{@code
 * cur.execute("SELECT * FROM docs WHERE body @> %s", new Jsonb("{\"tag\": \"x\"}"));
 * }</pre>
 *
 * @param text the JSON text, not {@code null}
 */
public record Jsonb(String text) {

    /**
     * Creates the wrapper.
     *
     * @param text the JSON text, not {@code null}
     */
    public Jsonb {
        Objects.requireNonNull(text, "text");
    }

    /**
     * The JSON text.
     *
     * @return {@link #text()}
     */
    @Override
    public String toString() {
        return text;
    }
}
