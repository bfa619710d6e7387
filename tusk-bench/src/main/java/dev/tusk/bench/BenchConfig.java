package dev.tusk.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one run measures and how much: the command-line options, with the sizes of the full run
 * (the README's table) or of {@code --quick} (the smoke test: same code paths, tiny sizes).
 *
 * @param quick            true for the smoke-test sizes
 * @param warmups          unmeasured rounds before the measured ones (JIT, caches, prepared statements)
 * @param rounds           measured rounds; every contender runs once per round, in turn
 * @param scale            pgbench scale: {@code pgbench_accounts} holds 100,000 rows per unit
 * @param sequentialQueries point selects per round in scenario 1 (and 8)
 * @param pipelinedQueries point selects per round in scenario 2
 * @param inFlight         statements in flight in scenario 2
 * @param batches          batches per round in scenario 3
 * @param perSync          statements per {@code Sync} in scenario 3
 * @param pooledQueries    point selects per round in scenario 4, over all tasks
 * @param poolTasks        concurrent tasks in scenario 4
 * @param poolSize         connections in the pools of scenario 4
 * @param bulkRows         rows of the bulk table (scenario 5)
 * @param streamRows       rows streamed per child JVM (scenario 6)
 * @param streamHeap       the child JVMs' {@code -Xmx}
 * @param connects         connections opened per round in scenario 7
 * @param only             scenario numbers to run; empty for all
 * @param dsn              an existing server's superuser DSN, or null to start an embedded one
 * @param scramDsn         a SCRAM login on that server for scenario 7, or null
 * @param out              where the Markdown, CSV and PNG go
 */
public record BenchConfig(boolean quick, int warmups, int rounds, int scale,
                          int sequentialQueries, int pipelinedQueries, int inFlight,
                          int batches, int perSync, int pooledQueries, int poolTasks, int poolSize,
                          int bulkRows, int streamRows, String streamHeap, int connects,
                          Set<Integer> only, String dsn, String scramDsn, Path out) {

    /** The usage line printed for {@code --help} and bad options. */
    public static final String USAGE = String.join("\n",
            "usage: BenchMain [--quick] [--rounds N] [--warmups N] [--only 1,2,...] [--out DIR]",
            "                 [--dsn SUPERUSER_DSN [--scram-dsn DSN]]",
            "  --quick       tiny sizes, 2 rounds: proves the harness end to end in seconds",
            "  --rounds N    measured rounds (default 5; each contender runs once per round, in turn)",
            "  --warmups N   unmeasured rounds first (default 2)",
            "  --only LIST   scenario numbers to run (default all: 1-8)",
            "  --out DIR     results directory (default target/bench)",
            "  --dsn DSN     use this server instead of starting an embedded one",
            "  --scram-dsn   a scram-sha-256 login on that server, for scenario 7");

    /**
     * Parses the command line.
     *
     * @param args the options, see {@link #USAGE}
     * @return the configuration
     * @throws IllegalArgumentException for an unknown option or a missing value
     */
    public static BenchConfig parse(String... args) {
        boolean quick = List.of(args).contains("--quick");
        int warmups = quick ? 1 : 2;
        int rounds = quick ? 2 : 5;
        Set<Integer> only = new LinkedHashSet<>();
        String dsn = System.getenv("TUSK_DSN");
        String scramDsn = null;
        Path out = Path.of("target", "bench");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> { }
                case "--rounds" -> rounds = positive(a, value(args, ++i, a));
                case "--warmups" -> warmups = Integer.parseInt(value(args, ++i, a));
                case "--only" -> only.addAll(numbers(value(args, ++i, a)));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--dsn" -> dsn = value(args, ++i, a);
                case "--scram-dsn" -> scramDsn = value(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (dsn != null && dsn.isBlank()) {
            dsn = null;
        }
        if (quick) {
            return new BenchConfig(true, warmups, rounds, 1, 500, 2_000, 256, 10, 100, 1_000, 64, 8,
                    10_000, 20_000, "64m", 10, only, dsn, scramDsn, out);
        }
        return new BenchConfig(false, warmups, rounds, 10, 20_000, 100_000, 256, 200, 100, 40_000, 64, 8,
                1_000_000, 10_000_000, "64m", 200, only, dsn, scramDsn, out);
    }

    /**
     * Tells whether a scenario is selected.
     *
     * @param number the scenario number, 1 to 8
     * @return true if {@code --only} was not given or names it
     */
    public boolean runs(int number) {
        return only.isEmpty() || only.contains(number);
    }

    /**
     * The number of rows in {@code pgbench_accounts}.
     *
     * @return 100,000 × scale
     */
    public int accounts() {
        return 100_000 * scale;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int positive(String option, String v) {
        int n = Integer.parseInt(v);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return n;
    }

    private static List<Integer> numbers(String list) {
        List<Integer> out = new ArrayList<>();
        for (String s : list.split(",")) {
            int n = Integer.parseInt(s.strip());
            if (n < 1 || n > 8) {
                throw new IllegalArgumentException("scenarios are numbered 1 to 8: " + n);
            }
            out.add(n);
        }
        return out;
    }
}
