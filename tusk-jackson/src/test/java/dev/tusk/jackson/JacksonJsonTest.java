package dev.tusk.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tusk.ConnectOptions;
import dev.tusk.Connection;
import dev.tusk.Cursor;
import dev.tusk.Row;
import dev.tusk.errors.DataException;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import dev.tusk.types.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class JacksonJsonTest {
    /** A POJO-like record for the mapped loader and dumper. */
    public record Order(long id, List<String> items) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final String dsn;
    private Connection text;
    private Connection binary;

    JacksonJsonTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void connect() {
        // prepareThreshold 0: results of prepared statements come in binary.
        text = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).prepareThreshold(-1).build());
        binary = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).prepareThreshold(0).build());
    }

    @AfterEach
    void close() {
        text.close();
        binary.close();
    }

    @Test
    void jsonAndJsonbLoadAsJsonNodesInBothFormats() {
        for (Connection c : List.of(text, binary)) {
            JacksonJson.register(c.adapters(), mapper);
            Row r = c.execute("SELECT %s::json, %s::jsonb, NULL::jsonb", "{\"a\": [1, 2.5]}", "{\"b\": \"ü\"}")
                    .fetchOne();
            assertThat(((JsonNode) r.get(0)).get("a").get(1).asDouble()).isEqualTo(2.5);
            assertThat(((JsonNode) r.get(1)).get("b").asText()).isEqualTo("ü");
            assertThat(r.get(2)).isNull();
        }
    }

    @Test
    void jsonNodesDumpAsJsonbAndRoundTrip() {
        JacksonJson.register(binary.adapters(), mapper);
        JsonNode doc = mapper.createObjectNode().put("name", "it's \"quoted\"").set("tags",
                mapper.createArrayNode().add("x").add(1));
        Row r = binary.execute("SELECT %s, pg_typeof(%s)::text", doc, doc).fetchOne();
        assertThat(r.get(0)).isEqualTo(doc);
        assertThat(r.get(1)).isEqualTo("jsonb");
        try (Cursor<Row> cur = binary.cursor()) {
            String literal = cur.mogrify("%s", doc);
            assertThat(cur.execute("SELECT " + literal + " = %s", doc).fetchOne().get(0)).isEqualTo(true);
        }
    }

    @Test
    void recordsLoadAndDumpAtCursorScope() {
        try (Cursor<Row> cur = binary.cursor()) {
            JacksonJson.registerLoader(cur.adapters(), mapper, Order.class);
            JacksonJson.registerDumper(cur.adapters(), mapper, Order.class);
            Order order = new Order(7, List.of("tea", "cake"));
            assertThat(cur.execute("SELECT %s", order).fetchOne().get(0)).isEqualTo(order);
            assertThat(cur.execute("SELECT '[{\"id\": 1, \"items\": []}]'::jsonb -> 0").fetchOne().get(0))
                    .isEqualTo(new Order(1, List.of()));
        }
        // The connection's other cursors keep the default Json text.
        assertThat(binary.execute("SELECT '{\"id\": 1}'::jsonb").fetchOne().get(0)).isEqualTo(new Json("{\"id\": 1}"));
    }

    @Test
    void arraysOfJsonbLoadAsNodes() {
        JacksonJson.register(binary.adapters(), mapper);
        Object loaded = binary.execute("SELECT ARRAY['{\"a\":1}'::jsonb, NULL, '[2]']").fetchOne().get(0);
        assertThat((List<?>) loaded).extracting(v -> v == null ? null : v.toString())
                .containsExactly("{\"a\":1}", null, "[2]");
    }

    @Test
    void jsonThatDoesNotFitTheClassIsADataExceptionNamingIt() {
        JacksonJson.registerLoader(text.adapters(), mapper, Order.class);
        Cursor<Row> cur = text.execute("SELECT '{\"id\": \"x\"}'::json");
        assertThatThrownBy(() -> cur.fetchOne().get(0)).isInstanceOf(DataException.class).hasMessageContaining("Order");
        assertThat(text.execute("SELECT 1").fetchOne().get(0)).isEqualTo(1);
    }

    @Test
    void mapsLoadFromJsonObjects() {
        JacksonJson.registerLoader(text.adapters(), mapper, Map.class);
        assertThat(text.execute("SELECT '{\"k\": [1, null]}'::jsonb").fetchOne().get(0))
                .isEqualTo(Map.of("k", java.util.Arrays.asList(1, null)));
    }
}
