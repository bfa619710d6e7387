package dev.tusk.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The scenarios 1 to 7, sized by the run's configuration; 8 is read off 1 and 5. */
final class Scenarios {
    private Scenarios() {
    }

    /**
     * The scenarios this run measures.
     *
     * @param env the server, data and sizes
     * @return the selected scenarios, in the order
     */
    static List<Scenario> selected(BenchEnv env) {
        BenchConfig c = env.config();
        List<Scenario> all = new ArrayList<>();
        boolean allocation = c.runs(8);
        if (c.runs(1) || allocation) {
            all.add(new Scenario("1", "Sequential point selects, one connection", "queries/s",
                    List.of(Goal.of(1.05, "pgjdbc")), null, d -> d.sequential(env)));
        }
        if (c.runs(2)) {
            all.add(new Scenario("2", "Pipelined point selects, " + c.inFlight() + " in flight, one connection", "queries/s",
                    List.of(Goal.of(1.2, "Vert.x")), null, d -> d.pipelined(env)));
        }
        if (c.runs(3)) {
            all.add(new Scenario("3", "Batch: " + c.perSync() + " updates per Sync", "statements/s",
                    List.of(Goal.of(0.9, "server ceiling")), null, d -> d.batch(env)));
        }
        if (c.runs(4)) {
            all.add(new Scenario("4", "Pooled: " + c.poolTasks() + " tasks over " + c.poolSize() + " connections", "queries/s",
                    List.of(new Goal(1.1, List.of("pgjdbc", "Vert.x"))), null, d -> d.pooled(env)));
        }
        if (c.runs(5) || allocation) {
            all.add(new Scenario("5", "Bulk read: " + count(c.bulkRows()) + " rows × (int8, text, timestamptz, numeric, float8)",
                    "rows/s", List.of(Goal.of(1.3, "pgjdbc"), Goal.of(1.1, "Vert.x")), null, d -> d.bulk(env)));
        }
        if (c.runs(6)) {
            String sql = Queries.stream(c.streamRows(), c.bulkRows());
            all.add(new Scenario("6", "Streaming " + count(c.streamRows()) + " rows, child JVM -Xmx" + c.streamHeap(), "rows/s",
                    List.of(), "completes in constant memory (peak RSS below)",
                    d -> d.streams() ? ChildJvm.streaming(d.name(), env, sql) : Unavailable.NOT_APPLICABLE));
        }
        if (c.runs(7)) {
            for (Target login : new Target[] {env.trust(), env.scram()}) {
                if (login != null) {
                    all.add(new Scenario("7 " + login.label(), "Connect + SELECT 1 + close, " + login.label(),
                            "connections/s", List.of(), null, d -> d.connect(env, login)));
                }
            }
        }
        return all;
    }

    /**
     * A row count for a title.
     *
     * @param n the count
     * @return {@code "10M"}, {@code "1M"}, {@code "20k"} or the number
     */
    static String count(long n) {
        if (n >= 1_000_000 && n % 1_000_000 == 0) {
            return n / 1_000_000 + "M";
        }
        if (n >= 1_000 && n % 1_000 == 0) {
            return n / 1_000 + "k";
        }
        return String.format(Locale.ROOT, "%,d", n);
    }
}
