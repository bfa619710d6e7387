package dev.tusk.types;

import java.util.Objects;

/**
 * A JSON document as its text: what {@code json} and {@code jsonb} columns load as, and a
 * parameter wrapper that dumps as {@code json}. Tusk does not parse JSON; hand the text to
 * the JSON library of your choice.
 *
 * <pre>{@code
 * cur.execute("INSERT INTO docs (body) VALUES (%s)", new Json("{\"a\": 1}"));
 * Json body = (Json) cur.fetchone().get(0);
 * }</pre>
 *
 * @param text the JSON text, not {@code null}
 */
public record Json(String text) {

    /**
     * Creates the wrapper.
     *
     * @param text the JSON text, not {@code null}
     */
    public Json {
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
