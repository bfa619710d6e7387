package dev.tusk.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results as Markdown: the README's table, the allocation and memory tables, every round's ratio. */
final class MarkdownReport {
    private MarkdownReport() {
    }

    /**
     * Renders a run.
     *
     * @param r     the run
     * @param chart the chart's file name next to the Markdown file, or null
     * @return the Markdown text
     */
    static String render(BenchResults r, String chart) {
        RunInfo info = r.info();
        BenchConfig c = info.config();
        StringBuilder md = new StringBuilder();
        md.append("# Tusk benchmark results\n\n");
        md.append("- Run: ").append(info.started()).append(", ").append(c.quick() ? "**quick mode** (tiny sizes: proves the harness, not the drivers)" : "full mode")
                .append("; ").append(c.warmups()).append(" warm-up + ").append(c.rounds())
                .append(" measured rounds per scenario, drivers alternating within each round\n");
        md.append("- Machine: ").append(info.machine()).append('\n');
        md.append("- Load average (1/5/15 min) at start: ").append(info.loadBefore()).append(", at end: ").append(info.loadAfter())
                .append(" — the server runs on the same cores, so anything above ~1 means other work shared the machine\n");
        md.append("- JVM: ").append(info.jvm()).append('\n');
        md.append("- Server: ").append(info.server()).append('\n');
        md.append("- Command: `").append(info.command()).append("`\n\n");
        if (chart != null) {
            md.append("![Tusk / peer throughput per scenario](").append(chart).append(")\n\n");
        }
        md.append("## Throughput\n\nMedian of the rounds (min–max), per second; higher is better. Ratios are the median of"
                + " the per-round ratios Tusk/peer (both measured back to back in the same round).\n\n");
        List<String> head = new ArrayList<>(List.of("#", "Scenario", "Unit"));
        head.addAll(r.drivers());
        for (String p : r.peers()) {
            head.add("Tusk/" + p);
        }
        head.add("Goal");
        head.add("Verdict");
        List<List<String>> rows = new ArrayList<>();
        for (ScenarioResult s : r.scenarios()) {
            List<String> row = new ArrayList<>(List.of(s.scenario().id(), s.scenario().title(), s.scenario().unit()));
            for (String d : r.drivers()) {
                ContenderResult cr = s.contender(d);
                row.add(cr == null ? "" : cr.cell());
            }
            for (String p : r.peers()) {
                row.add(Stats.format(s.medianRatio(p)));
            }
            row.add(s.scenario().goalText());
            row.add(s.scenario().verdict(s));
            rows.add(row);
        }
        table(md, head, rows);
        streaming(md, r);
        allocation(md, r);
        perRound(md, r);
        md.append("\n## Drivers and settings\n\n");
        for (String line : info.drivers()) {
            md.append("- ").append(line).append('\n');
        }
        return md.toString();
    }

    private static void streaming(StringBuilder md, BenchResults r) {
        ScenarioResult s = r.scenario("6");
        if (s == null) {
            return;
        }
        md.append("\n## Streaming memory (scenario 6)\n\nEach round is a fresh JVM with -Xmx").append(r.info().config().streamHeap())
                .append(" for one driver; peak RSS is the child's VmHWM (JVM included), the largest over the rounds.\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (ContenderResult c : s.contenders()) {
            if (!c.samples().isEmpty() || c.note() == null || !c.note().equals("n/a")) {
                rows.add(List.of(c.driver(), c.cell(), c.peakRss() < 0 ? "n/a" : mib(c.peakRss())));
            }
        }
        table(md, List.of("Driver", "rows/s", "peak RSS"), rows);
    }

    private static void allocation(StringBuilder md, BenchResults r) {
        ScenarioResult perQuery = r.scenario("1");
        ScenarioResult perRow = r.scenario("5");
        if (perQuery == null && perRow == null) {
            return;
        }
        md.append("\n## Allocation (scenario 8)\n\nBytes allocated by all threads of the JVM per operation"
                + " (ThreadMXBean.getThreadAllocatedBytes around each round), median; lower is better."
                + " \"Values alone\" is what the five values of a bulk row take as Java objects: the goal is"
                + " a per-row allocation no larger.\n\n");
        List<String> head = new ArrayList<>(List.of("Per"));
        List<String> inProcess = new ArrayList<>();
        for (String d : r.drivers()) {
            if (!d.equals("server ceiling")) {
                inProcess.add(d);
                head.add(d);
            }
        }
        head.add("Values alone");
        head.add("Goal");
        List<List<String>> rows = new ArrayList<>();
        if (perQuery != null) {
            rows.add(allocationRow("query (scenario 1)", perQuery, inProcess, Double.NaN));
        }
        if (perRow != null) {
            rows.add(allocationRow("row (scenario 5)", perRow, inProcess, r.valueBytesPerRow()));
        }
        table(md, head, rows);
    }

    private static List<String> allocationRow(String label, ScenarioResult s, List<String> drivers, double values) {
        List<String> row = new ArrayList<>(List.of(label));
        for (String d : drivers) {
            ContenderResult c = s.contender(d);
            row.add(c == null || c.samples().isEmpty() ? (c == null ? "" : c.note()) : Stats.format(c.medianBytesPerOp()));
        }
        row.add(Stats.format(values));
        ContenderResult tusk = s.contender("Tusk");
        if (Double.isNaN(values) || tusk == null || tusk.samples().isEmpty()) {
            row.add("");
        } else {
            double t = tusk.medianBytesPerOp();
            row.add((t <= values ? "met (" : "missed (") + Stats.format(t / values) + " × values)");
        }
        return row;
    }

    private static void perRound(StringBuilder md, BenchResults r) {
        md.append("\n## Tusk/peer per round\n\n");
        List<String> head = new ArrayList<>(List.of("#", "Peer"));
        for (int i = 1; i <= r.info().config().rounds(); i++) {
            head.add("round " + i);
        }
        List<List<String>> rows = new ArrayList<>();
        for (ScenarioResult s : r.scenarios()) {
            for (String p : r.peers()) {
                List<Double> ratios = s.ratios(p);
                if (ratios.isEmpty()) {
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(s.scenario().id(), p));
                ratios.forEach(x -> row.add(Stats.format(x)));
                while (row.size() < head.size()) {
                    row.add("");
                }
                rows.add(row);
            }
        }
        table(md, head, rows);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1024.0 / 1024.0);
    }

    private static void table(StringBuilder md, List<String> head, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", head)).append(" |\n|");
        md.append(" --- |".repeat(head.size())).append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row.stream().map(MarkdownReport::cell).toList())).append(" |\n");
        }
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|");
    }
}
