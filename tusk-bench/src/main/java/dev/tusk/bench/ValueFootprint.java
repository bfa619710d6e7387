package dev.tusk.bench;

import dev.tusk.Connection;
import dev.tusk.Row;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The yardstick of scenario 8's per-row goal: the bytes that a bulk row's five values take as
 * Java objects, measured by building exactly those objects ({@code Long}, {@code String} with
 * its bytes, {@code OffsetDateTime} with its date and time, {@code BigDecimal}, {@code Double})
 * from primitives and counting what that allocates. A driver at this number allocates nothing
 * but the values it hands out.
 */
final class ValueFootprint {
    private static final int SAMPLE_ROWS = 10_000;
    private static final int PASSES = 5;

    private ValueFootprint() {
    }

    /**
     * Measures the bytes per row of the bulk table's values.
     *
     * @param admin where the bulk table is
     * @return bytes per row, the least of a few passes (the first ones may include class loading)
     */
    static double bytesPerRow(Target admin) {
        List<Row> rows;
        try (Connection conn = Connection.connect(admin.dsn())) {
            rows = conn.execute(Queries.BULK + " ORDER BY id LIMIT " + SAMPLE_ROWS).fetchAll();
        }
        int n = rows.size();
        long[] ids = new long[n];
        byte[][] texts = new byte[n][];
        long[] seconds = new long[n];
        int[] nanos = new int[n];
        long[] unscaled = new long[n];
        int[] scales = new int[n];
        double[] floats = new double[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            ids[i] = ((Number) r.get(0)).longValue();
            texts[i] = ((String) r.get(1)).getBytes(StandardCharsets.ISO_8859_1);
            OffsetDateTime ts = ((OffsetDateTime) r.get(2)).withOffsetSameInstant(ZoneOffset.UTC);
            seconds[i] = ts.toEpochSecond();
            nanos[i] = ts.getNano();
            BigDecimal num = (BigDecimal) r.get(3);
            unscaled[i] = num.unscaledValue().longValueExact();
            scales[i] = num.scale();
            floats[i] = ((Number) r.get(4)).doubleValue();
        }
        // The values escape into this array, so the JIT cannot elide their allocation.
        Object[] kept = new Object[n * 5];
        double best = Double.MAX_VALUE;
        for (int pass = 0; pass < PASSES; pass++) {
            long before = Allocations.total();
            for (int i = 0, k = 0; i < n; i++) {
                kept[k++] = Long.valueOf(ids[i]);
                kept[k++] = new String(texts[i], StandardCharsets.ISO_8859_1);
                kept[k++] = OffsetDateTime.of(LocalDateTime.ofEpochSecond(seconds[i], nanos[i], ZoneOffset.UTC), ZoneOffset.UTC);
                kept[k++] = BigDecimal.valueOf(unscaled[i], scales[i]);
                kept[k++] = Double.valueOf(floats[i]);
            }
            long bytes = Allocations.total() - before;
            best = Math.min(best, (double) bytes / n);
        }
        Sink.consume(kept[kept.length - 1].hashCode());
        return best;
    }
}
