package dev.tusk.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one scenario for every driver in turn — Tusk, peer, peer, ceiling, then the next round —
 * so that whatever else the machine does at the time (other builds, the server's own work, the
 * JIT, GC) lands on every driver alike. Each round starts one driver further on (round 2 runs
 * peer, peer, ceiling, Tusk), so that none always runs first, right after the previous round's
 * last (a pgbench process just exiting, say). Warm-up rounds come first and are not kept
 * (in-process workloads only: a child process starts cold whatever ran before). A driver that
 * fails is reported with its error, and the others go on.
 */
final class Alternation {
    private final BenchConfig config;
    private final PrintStream log;

    /**
     * A runner.
     *
     * @param config how many warm-up and measured rounds
     * @param log    where each round's numbers are printed as they come
     */
    Alternation(BenchConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    /** One driver's part of the scenario: its workload and what it measured so far. */
    private static final class Lane {
        final String driver;
        final Workload workload;
        final List<Sample> samples = new ArrayList<>();
        String note;

        Lane(String driver, Workload workload, String note) {
            this.driver = driver;
            this.workload = workload;
            this.note = note;
        }

        boolean active() {
            return note == null;
        }
    }

    /**
     * Measures one scenario.
     *
     * @param scenario what to measure
     * @param drivers  the contenders, in column order
     * @return every contender's rounds
     */
    ScenarioResult run(Scenario scenario, List<Driver> drivers) {
        log.printf("%n== %s. %s (%s)%n", scenario.id(), scenario.title(), scenario.unit());
        long start = System.nanoTime();
        List<Lane> lanes = new ArrayList<>();
        for (Driver d : drivers) {
            lanes.add(setUp(scenario, d));
        }
        for (int w = 0; w < config.warmups(); w++) {
            round(lanes, "warm-up " + (w + 1), false, w);
        }
        for (int r = 0; r < config.rounds(); r++) {
            round(lanes, "round " + (r + 1), true, r);
        }
        List<ContenderResult> results = new ArrayList<>();
        for (Lane lane : lanes) {
            try {
                lane.workload.close();
            } catch (Exception e) {
                log.println("  " + lane.driver + ": close failed: " + e);
            }
            results.add(new ContenderResult(lane.driver, lane.active() ? List.copyOf(lane.samples) : List.of(), lane.note));
        }
        ScenarioResult result = new ScenarioResult(scenario, results);
        log.println("  median: " + summary(result));
        log.printf("  (%.1f s)%n", (System.nanoTime() - start) / 1e9);
        return result;
    }

    private Lane setUp(Scenario scenario, Driver d) {
        try {
            Workload w = scenario.workload().create(d);
            if (w instanceof Unavailable u) {
                log.println("  " + d.name() + ": " + u.reason());
                return new Lane(d.name(), w, u.reason());
            }
            return new Lane(d.name(), w, null);
        } catch (Exception | Error e) {
            log.println("  " + d.name() + ": setup failed: " + e);
            return new Lane(d.name(), Unavailable.NOT_APPLICABLE, "error: " + firstLine(e));
        }
    }

    private void round(List<Lane> lanes, String label, boolean keep, int turn) {
        int n = lanes.size();
        Sample[] got = new Sample[n];
        boolean[] failed = new boolean[n];
        for (int k = 0; k < n; k++) {
            int i = (turn + k) % n;
            Lane lane = lanes.get(i);
            // Warm-up is for this JVM's JIT: a child process (pgbench, a streaming JVM) starts cold anyway.
            if (!lane.active() || !keep && !lane.workload.inProcess()) {
                continue;
            }
            try {
                long before = lane.workload.inProcess() ? Allocations.total() : -1;
                Sample s = lane.workload.run();
                if (before >= 0) {
                    s = s.withAllocated(Allocations.total() - before);
                }
                if (keep) {
                    lane.samples.add(s);
                }
                got[i] = s;
            } catch (Exception | Error e) {
                failed[i] = true;
                lane.note = "error: " + firstLine(e);
                log.println("  " + lane.driver + " failed: ");
                e.printStackTrace(log);
            }
        }
        log.println(roundLine(lanes, label, got, failed));
    }

    /** The round's numbers in column order, whatever order they ran in. */
    private static String roundLine(List<Lane> lanes, String label, Sample[] got, boolean[] failed) {
        StringBuilder line = new StringBuilder("  ").append(label).append(':');
        Sample tusk = null;
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            Sample s = got[i];
            if (failed[i]) {
                line.append(' ').append(lane.driver).append(" FAILED |");
            }
            if (s == null) {
                continue;
            }
            line.append(' ').append(lane.driver).append(' ').append(Stats.format(s.perSecond()));
            if (lane.driver.equals("Tusk")) {
                tusk = s;
            } else if (tusk != null) {
                line.append(" (Tusk/").append(lane.driver).append(' ')
                        .append(Stats.format(tusk.perSecond() / s.perSecond())).append(')');
            }
            line.append(" |");
        }
        return line.toString();
    }

    private static String summary(ScenarioResult result) {
        StringBuilder s = new StringBuilder();
        for (ContenderResult c : result.contenders()) {
            s.append(c.driver()).append(' ').append(c.cell());
            if (!c.driver().equals("Tusk") && !c.samples().isEmpty()) {
                s.append(" [Tusk/").append(c.driver()).append(' ').append(Stats.format(result.medianRatio(c.driver()))).append(']');
            }
            s.append(" | ");
        }
        return s.toString();
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }
}
