package dev.tusk.jackson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tusk.errors.DataException;
import dev.tusk.types.Adapters;
import dev.tusk.types.ByteSink;
import dev.tusk.types.Dumper;
import dev.tusk.types.Format;
import dev.tusk.types.Literals;
import dev.tusk.types.Loader;
import dev.tusk.types.Oids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code json} and {@code jsonb} through Jackson (psycopg 3's {@code set_json_loads} and
 * {@code set_json_dumps}), at any {@link Adapters} scope: global, connection or cursor.
 * Without this module Tusk loads JSON as {@link dev.tusk.types.Json} text and needs no library.
 *
 * <pre>{@code
 * ObjectMapper mapper = new ObjectMapper();
 * JacksonJson.register(conn.adapters(), mapper);           // json, jsonb -> JsonNode; JsonNode -> jsonb
 * JsonNode doc = (JsonNode) conn.execute("SELECT data FROM docs WHERE id = %s", 1).fetchOne().get(0);
 *
 * record Order(long id, List<String> items) {}
 * Cursor<Row> cur = conn.cursor();
 * JacksonJson.registerLoader(cur.adapters(), mapper, Order.class);   // this cursor's json columns -> Order
 * JacksonJson.registerDumper(conn.adapters(), mapper, Order.class);  // Order parameters -> jsonb
 * }</pre>
 *
 * Loaders read the value's bytes directly (no intermediate {@code String}); a value Jackson
 * cannot map raises {@link DataException} naming the target type.
 */
public final class JacksonJson {
    /** The version byte that starts a binary {@code jsonb} value. */
    private static final int JSONB_VERSION = 1;

    private JacksonJson() {
    }

    /**
     * Makes {@code json} and {@code jsonb} values load as {@link JsonNode} (both formats) and
     * {@link JsonNode} parameters dump as {@code jsonb}.
     *
     * @param adapters the scope to register in
     * @param mapper   the mapper to read and write with
     */
    public static void register(Adapters adapters, ObjectMapper mapper) {
        registerLoader(adapters, mapper, JsonNode.class);
        registerDumper(adapters, mapper, JsonNode.class);
    }

    /**
     * Makes {@code json} and {@code jsonb} values load as {@code type}, in text and binary.
     *
     * @param adapters the scope to register in
     * @param mapper   the mapper to read with
     * @param type     the class values become (a record, a POJO, {@code Map}, {@code JsonNode}, ...)
     * @param <T>      the type
     */
    public static <T> void registerLoader(Adapters adapters, ObjectMapper mapper, Class<T> type) {
        JavaType javaType = mapper.constructType(type);
        // Text first: registering a text loader drops the type's binary loader.
        adapters.registerLoader(Oids.JSON, Format.TEXT, loader(mapper, javaType, 0));
        adapters.registerLoader(Oids.JSON, Format.BINARY, loader(mapper, javaType, 0));
        adapters.registerLoader(Oids.JSONB, Format.TEXT, loader(mapper, javaType, 0));
        adapters.registerLoader(Oids.JSONB, Format.BINARY, loader(mapper, javaType, 1));
    }

    /**
     * Makes parameters of {@code type} (and its subtypes) dump as {@code jsonb}.
     *
     * @param adapters the scope to register in
     * @param mapper   the mapper to write with
     * @param type     the parameter class
     * @param <T>      the type
     */
    public static <T> void registerDumper(Adapters adapters, ObjectMapper mapper, Class<T> type) {
        adapters.register(type, dumper(mapper));
    }

    /**
     * A loader of the text form of {@code json}/{@code jsonb} (and of binary {@code json},
     * which is the same text) into {@code type}.
     *
     * @param mapper the mapper
     * @param type   the target class
     * @param <T>    the type
     * @return the loader
     */
    public static <T> Loader<T> loader(ObjectMapper mapper, Class<T> type) {
        return loader(mapper, mapper.constructType(type), 0);
    }

    /**
     * A dumper writing values as {@code jsonb} text.
     *
     * @param mapper the mapper
     * @param <T>    the value type
     * @return the dumper
     */
    public static <T> Dumper<T> dumper(ObjectMapper mapper) {
        return new JsonbDumper<>(mapper);
    }

    /** {@code skip} is 1 for binary {@code jsonb}, whose text follows a version byte. */
    private static <T> Loader<T> loader(ObjectMapper mapper, JavaType type, int skip) {
        return (buf, offset, length, ctx) -> {
            if (skip == 1 && (length < 1 || buf[offset] != JSONB_VERSION)) {
                throw new DataException("bad jsonb binary value: unsupported version");
            }
            try {
                return mapper.readValue(buf, offset + skip, length - skip, type);
            } catch (IOException e) {
                throw new DataException("cannot load JSON as " + type.getTypeName() + ": " + originalMessage(e), e);
            }
        };
    }

    private static String originalMessage(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

    private record JsonbDumper<T>(ObjectMapper mapper) implements Dumper<T> {
        @Override
        public int oid() {
            return Oids.JSONB;
        }

        @Override
        public Format format() {
            return Format.TEXT;
        }

        @Override
        public void dump(T value, ByteSink out) {
            out.write(bytes(value));
        }

        @Override
        public String quote(T value) {
            return Literals.quoteString(new String(bytes(value), StandardCharsets.UTF_8)) + "::jsonb";
        }

        private byte[] bytes(T value) {
            try {
                return mapper.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new DataException("cannot dump " + value.getClass().getName() + " as JSON: "
                        + e.getOriginalMessage(), e);
            }
        }
    }
}
