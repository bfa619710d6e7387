/**
 * Optional Jackson support for Tusk: {@code json} and {@code jsonb} as {@code JsonNode}s or as
 * your own classes (psycopg 3's {@code set_json_loads} / {@code set_json_dumps}). The core
 * module {@code dev.tusk} never needs it.
 */
module dev.tusk.jackson {
    requires transitive dev.tusk;
    requires transitive com.fasterxml.jackson.databind;

    exports dev.tusk.jackson;
}
