package dev.tusk.types;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.Cursor;
import dev.tusk.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A test of scalar types against the real server, with the text and binary connections of
 * {@link TextAndBinaryTest} and checks of values in both formats.
 */
abstract class ScalarServerTest extends TextAndBinaryTest {

    ScalarServerTest(String dsn) {
        super(dsn);
    }

    /** {@code n} values made from a {@link Random} seeded with {@code seed}. */
    static <T> List<T> random(int n, long seed, Function<Random, T> make) {
        Random r = new Random(seed);
        List<T> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(make.apply(r));
        }
        return values;
    }

    /**
     * The first column of {@code sql} (with its parameters) as loaded from text results and
     * from binary results, in that order.
     */
    List<Object> firstColumn(String sql, Object... params) {
        Object fromText = text.execute(sql, params).fetchOne().get(0);
        binary.execute(sql, params);
        Object fromBinary = binary.execute(sql, params).fetchOne().get(0);
        return java.util.Arrays.asList(fromText, fromBinary);
    }

    /** {@code SELECT expression}, loaded from text and from binary results. */
    List<Object> select(String expression) {
        // a parameter, so that the binary connection takes the extended protocol
        return firstColumn("SELECT " + expression + ", %s::int", 0);
    }

    /** A value bound as a parameter and selected back comes back as {@code expected} in both formats. */
    void assertEcho(String type, Object value, Object expected) {
        assertThat(firstColumn("SELECT %s::" + type, value)).as("%s %s", type, value).containsExactly(expected, expected);
    }

    void assertEcho(String type, Object value) {
        assertEcho(type, value, value);
    }

    /**
     * The differential check, for many values in one statement each way. Every value, bound
     * as a parameter, loads as {@code loaded.apply(value)} from text and from binary results;
     * the server's own text of it, read by our text loader, gives the same; our literal for it
     * ({@code quote}), read by the server, is the same value (their texts agree); and when
     * {@code textIsToString}, {@code toString()} is exactly the server's text.
     */
    void differential(String type, int oid, List<?> values, Function<Object, Object> loaded, boolean textIsToString) {
        StringBuilder sql = new StringBuilder("SELECT v, format('%%s', v), format('%%s', l) = format('%%s', v)"
                + " FROM (VALUES ");
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            String literal = Adapters.global().dumperFor(v).quote(v).replace("%", "%%");
            sql.append(i == 0 ? "" : ", ").append("(%s::").append(type).append(", ").append(literal).append(')');
        }
        sql.append(") t(v, l)");
        Object[] params = values.toArray();

        List<Row> fromText = text.execute(sql.toString(), params).fetchAll();
        List<Row> fromBinary;
        AtomicInteger binaryLoads = new AtomicInteger();
        try (Cursor<Row> cur = binary.cursor()) {
            Loader<?> real = cur.adapters().loader(oid, Format.BINARY);
            cur.adapters().registerLoader(oid, Format.BINARY, (b, off, len, ctx) -> {
                binaryLoads.incrementAndGet();
                return real.load(b, off, len, ctx);
            });
            cur.execute(sql.toString(), params);
            fromBinary = cur.execute(sql.toString(), params).fetchAll();
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            Object expected = loaded.apply(v);
            Row t = fromText.get(i);
            Row b = fromBinary.get(i);
            String serverText = (String) t.get(1);
            check(failures, v, "text result", t.get(0), expected);
            check(failures, v, "binary result", b.get(0), expected);
            check(failures, v, "server text " + serverText + " read back", Codec.text(oid, serverText), expected);
            check(failures, v, "literal read by the server", t.get(2), true);
            if (textIsToString) {
                check(failures, v, "toString", v.toString(), serverText);
            }
        }
        assertThat(failures).as("%s: %d values", type, values.size()).isEmpty();
        // rows decode lazily: only now have all the binary values been loaded
        assertThat(binaryLoads.get()).as("binary loads of %s", type).isEqualTo(values.size());
    }

    private static void check(List<String> failures, Object value, String what, Object actual, Object expected) {
        if (!expected.equals(actual) && failures.size() < 20) {
            failures.add(value + ": " + what + " is " + actual + ", expected " + expected);
        }
    }
}
