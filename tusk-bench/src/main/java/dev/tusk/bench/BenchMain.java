package dev.tusk.bench;

import dev.tusk.Connection;
import dev.tusk.testing.AuthMethod;
import dev.tusk.testing.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark: starts an embedded PostgreSQL (or uses {@code --dsn}), prepares the data,
 * measures every scenario for Tusk and each peer in alternation, and writes
 * {@code results.md}, {@code results.csv} and {@code results.png}.
 *
 * <pre>
 * mvn -q -pl tusk-bench -am -DskipTests package exec:java -Dexec.args="--out docs/bench"
 * </pre>
 */
public final class BenchMain {
    /** A scram-sha-256 login of the embedded server, for scenario 7. */
    private static final String SCRAM_USER = "bench_scram";
    private static final String SCRAM_PASSWORD = "bench-secret";
    /** A trust login of the embedded server, for scenario 7. */
    private static final String TRUST_USER = "bench_trust";
    /** Server settings of a benchmark box: durability off, as the updates of scenario 3 would otherwise measure the disk. */
    private static final String[][] SERVER_SETTINGS = {
        {"fsync", "off"}, {"synchronous_commit", "off"}, {"full_page_writes", "off"},
        {"shared_buffers", "256MB"}, {"max_connections", "100"},
    };

    private BenchMain() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args see {@link BenchConfig#USAGE}
     * @throws Exception if the server cannot start or the results cannot be written
     */
    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(BenchConfig.USAGE);
            return;
        }
        run(BenchConfig.parse(args), commandLine(args), System.out);
    }

    /**
     * Runs the benchmark with a parsed configuration.
     *
     * @param config  what to run
     * @param command the command line, for the report
     * @param log     where progress and the results table go
     * @return the results, also written to {@link BenchConfig#out()}
     * @throws Exception if the server cannot start or the results cannot be written
     */
    public static BenchResults run(BenchConfig config, String command, PrintStream log) throws Exception {
        // The chart is drawn off-screen; without this a machine with no display refuses AWT.
        System.setProperty("java.awt.headless", "true");
        EmbeddedPostgres server = null;
        List<Driver> drivers = new ArrayList<>();
        try {
            Target admin;
            Target trust;
            Target scram;
            String serverText;
            if (config.dsn() == null) {
                log.println("starting an embedded PostgreSQL ...");
                EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                        .user(TRUST_USER, null, AuthMethod.TRUST)
                        .user(SCRAM_USER, SCRAM_PASSWORD, AuthMethod.SCRAM_SHA_256);
                StringBuilder settings = new StringBuilder();
                for (String[] s : SERVER_SETTINGS) {
                    b.setting(s[0], s[1]);
                    settings.append(", ").append(s[0]).append('=').append(s[1]);
                }
                server = b.start();
                admin = Target.parse("admin", server.dsn());
                trust = admin.as("trust", TRUST_USER, null);
                scram = admin.as("scram-sha-256", SCRAM_USER, SCRAM_PASSWORD);
                serverText = "PostgreSQL " + server.version() + ", embedded (Maven-shipped binaries) on the same machine, TCP loopback"
                        + settings;
            } else {
                admin = Target.parse("dsn login", config.dsn());
                trust = admin;
                scram = config.scramDsn() == null ? null : Target.parse("scram-sha-256", config.scramDsn());
                serverText = "external server (--dsn): " + serverVersion(admin);
            }
            BenchData.prepare(admin, config, log);
            Pgbench pgbench = Pgbench.find();
            log.println(pgbench == null ? "pgbench: not found (ceiling column n/a)" : "pgbench: " + pgbench.version());
            BenchEnv env = new BenchEnv(config, admin, trust, scram, BenchEnv.drawAids(config), pgbench);
            drivers.addAll(Drivers.all(pgbench));
            RunInfo info = RunInfo.now(command, serverText, drivers, config);
            for (String line : info.drivers()) {
                log.println("driver " + line);
            }
            log.println("load average at start: " + info.loadBefore());

            Alternation alternation = new Alternation(config, log);
            List<ScenarioResult> results = new ArrayList<>();
            for (Scenario s : Scenarios.selected(env)) {
                results.add(alternation.run(s, drivers));
            }
            double valueBytes = config.runs(5) || config.runs(8)
                    ? ValueFootprint.bytesPerRow(admin) : Double.NaN;
            BenchResults all = new BenchResults(info.finished(), drivers.stream().map(Driver::name).toList(), results, valueBytes);
            write(all, config.out(), log);
            return all;
        } finally {
            for (Driver d : drivers) {
                try {
                    d.close();
                } catch (Exception e) {
                    log.println(d.name() + ": close failed: " + e);
                }
            }
            if (server != null) {
                server.close();
            }
        }
    }

    private static void write(BenchResults all, Path out, PrintStream log) throws IOException {
        Files.createDirectories(out);
        String chart = "results.png";
        try {
            ChartReport.write(all, out.resolve(chart));
        } catch (IOException | RuntimeException | Error e) {
            // A machine without fonts cannot draw text; the numbers matter more than the picture.
            log.println("chart not written: " + e);
            chart = null;
        }
        String md = MarkdownReport.render(all, chart);
        Files.writeString(out.resolve("results.md"), md);
        Files.writeString(out.resolve("results.csv"), CsvReport.render(all));
        log.println();
        log.println(md);
        log.println("written: " + out.resolve("results.md") + ", results.csv" + (chart == null ? "" : ", " + chart));
    }

    private static String serverVersion(Target admin) {
        try (Connection conn = Connection.connect(admin.dsn())) {
            return (String) conn.execute("SELECT version()").fetchOne().get(0);
        }
    }

    /** The options as given, with DSNs left out: they may hold passwords. */
    private static String commandLine(String[] args) {
        StringBuilder s = new StringBuilder("BenchMain");
        for (int i = 0; i < args.length; i++) {
            s.append(' ');
            boolean dsn = args[i].equals("--dsn") || args[i].equals("--scram-dsn");
            s.append(args[i]);
            if (dsn && i + 1 < args.length) {
                s.append(" <dsn>");
                i++;
            }
        }
        return s.toString();
    }
}
