package dev.tusk.bench;

import java.util.List;
import java.util.Locale;

/** Every measured round as CSV, one line per driver and round, for whoever wants to plot or diff runs. */
final class CsvReport {
    /** The header line. */
    static final String HEADER = "scenario,title,unit,driver,round,ops,nanos,per_second,bytes_per_op,peak_rss_bytes,note";

    private CsvReport() {
    }

    /**
     * Renders a run.
     *
     * @param r the run
     * @return the CSV text, with a header line
     */
    static String render(BenchResults r) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (ScenarioResult s : r.scenarios()) {
            Scenario sc = s.scenario();
            for (ContenderResult c : s.contenders()) {
                if (c.samples().isEmpty()) {
                    line(csv, List.of(sc.id(), sc.title(), sc.unit(), c.driver(), "", "", "", "", "", "", c.note()));
                }
                for (int i = 0; i < c.samples().size(); i++) {
                    Sample x = c.samples().get(i);
                    line(csv, List.of(sc.id(), sc.title(), sc.unit(), c.driver(), Integer.toString(i + 1),
                            Long.toString(x.ops()), Long.toString(x.nanos()),
                            String.format(Locale.ROOT, "%.1f", x.perSecond()),
                            Double.isNaN(x.bytesPerOp()) ? "" : String.format(Locale.ROOT, "%.1f", x.bytesPerOp()),
                            x.peakRssBytes() < 0 ? "" : Long.toString(x.peakRssBytes()), ""));
                }
            }
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<String> fields) {
        csv.append(String.join(",", fields.stream().map(CsvReport::quote).toList())).append('\n');
    }

    /**
     * Quotes a field if it holds a comma, a quote or a line break (RFC 4180).
     *
     * @param field the raw text
     * @return the field as written
     */
    static String quote(String field) {
        if (field == null) {
            return "";
        }
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
