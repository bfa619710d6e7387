package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DataException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class RowTest {
    private final String dsn;
    private Connection conn;

    RowTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void setUp() {
        conn = Connection.connect(dsn);
    }

    @AfterEach
    void tearDown() {
        conn.close();
    }

    /** A row type for the record factory. */
    public record Account(long id, String owner, BigDecimal balance) {
    }

    /** A record whose component has no column. */
    public record Missing(long id, String nope) {
    }

    @Test
    void valuesByIndexAndByName() {
        Row r = conn.execute("SELECT 1 AS a, 'two' AS b, NULL::int AS c").fetchOne();
        assertThat(r.size()).isEqualTo(3);
        assertThat(r.get(0)).isEqualTo(1);
        assertThat(r.get("b")).isEqualTo("two");
        assertThat(r.get("c")).isNull();
        assertThat(r.toList()).containsExactly(1, "two", null);
        assertThat(r.columns()).extracting(Column::name).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> r.get("nope")).isInstanceOf(ProgrammingException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> r.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void typedAccessConvertsWithoutLosingPrecision() {
        Row r = conn.execute("SELECT 7::int4, 3000000000::int8, 2.5::numeric, 'x'").fetchOne();
        assertThat(r.get(0, Long.class)).isEqualTo(7L);
        assertThat(r.get(0, int.class)).isEqualTo(7);
        assertThat(r.get(2, Double.class)).isEqualTo(2.5);
        assertThat(r.get(0, String.class)).isEqualTo("7");
        assertThat(r.get(0, BigDecimal.class)).isEqualByComparingTo("7");
        assertThatThrownBy(() -> r.get(1, Integer.class)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> r.get(2, Long.class)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> r.get(3, Integer.class)).isInstanceOf(DataException.class);
    }

    @Test
    void rowsCompareByValue() {
        Row a = conn.execute("SELECT 1, 'x', '\\x01'::bytea").fetchOne();
        Row b = conn.execute("SELECT 1 AS other, 'x', '\\x01'::bytea").fetchOne();
        Row c = conn.execute("SELECT 2, 'x', '\\x01'::bytea").fetchOne();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(a.toString()).isEqualTo("Row(1, x, bytes[1])");
    }

    @Test
    void mapRowsKeyValuesByColumnName() {
        try (Cursor<Map<String, Object>> cur = conn.cursor(RowFactories.map())) {
            Map<String, Object> m = cur.execute("SELECT 1 AS id, 'ada' AS owner").fetchOne();
            assertThat(m).containsExactly(Map.entry("id", 1), Map.entry("owner", "ada"));
        }
    }

    @Test
    void recordRowsMatchComponentsByName() {
        try (Cursor<Account> cur = conn.cursor(RowFactories.record(Account.class))) {
            List<Account> all = cur.execute("SELECT 'ada' AS owner, 12.50 AS balance, 1 AS id UNION ALL SELECT 'bob', 0, 2")
                    .fetchAll();
            assertThat(all).containsExactly(new Account(1, "ada", new BigDecimal("12.50")), new Account(2, "bob", BigDecimal.ZERO));
        }
        try (Cursor<Missing> cur = conn.cursor(RowFactories.record(Missing.class))) {
            cur.execute("SELECT 1 AS id");
            assertThatThrownBy(cur::fetchOne).isInstanceOf(ProgrammingException.class)
                    .hasMessageContaining("no column for [nope]");
            cur.execute("SELECT 1 AS id, 'x' AS nope, 2 AS surplus, 3 AS other");
            assertThatThrownBy(cur::fetchOne).isInstanceOf(ProgrammingException.class)
                    .hasMessageContaining("no component for [surplus, other]");
        }
        try (Cursor<Account> cur = conn.cursor(RowFactories.record(Account.class))) {
            cur.execute("SELECT NULL::int8 AS id, 'x' AS owner, 1 AS balance");
            assertThatThrownBy(cur::fetchOne).isInstanceOf(DataException.class).hasMessageContaining("NULL");
        }
    }

    @Test
    void scalarRowsAreTheFirstColumn() {
        try (Cursor<Object> cur = conn.cursor(RowFactories.scalar())) {
            assertThat(cur.execute("SELECT g, 'ignored' FROM generate_series(1, 3) g").fetchAll()).containsExactly(1, 2, 3);
        }
        try (Cursor<Long> cur = conn.cursor(RowFactories.scalar(Long.class))) {
            assertThat(cur.execute("SELECT 7::int2").fetchOne()).isEqualTo(7L);
            assertThat(cur.execute("SELECT NULL::int").fetchOne()).isNull();
            cur.execute("SELECT");
            assertThatThrownBy(cur::fetchOne).isInstanceOf(ProgrammingException.class).hasMessageContaining("no");
        }
    }

    @Test
    void aCustomRowFactorySeesEachResultsColumnsOnce() {
        int[] calls = {0};
        RowFactory<String> joined = columns -> {
            calls[0]++;
            return row -> columns.get(0).name() + "=" + row.get(0);
        };
        try (Cursor<String> cur = conn.cursor(joined)) {
            assertThat(cur.execute("SELECT generate_series(1, 3) AS n").fetchAll()).containsExactly("n=1", "n=2", "n=3");
        }
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void byteaValuesAreArrays() {
        Row r = conn.execute("SELECT %s::bytea", (Object) new byte[] {0, 1, (byte) 0xff}).fetchOne();
        assertThat(Arrays.equals((byte[]) r.get(0), new byte[] {0, 1, (byte) 0xff})).isTrue();
    }
}
