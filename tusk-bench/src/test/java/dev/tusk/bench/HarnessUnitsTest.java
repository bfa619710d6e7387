package dev.tusk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small pure parts of the harness, without a server. */
class HarnessUnitsTest {

    @Test
    void medianMinMaxAndFormatting() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
        assertThat(Stats.min(List.of(3.0, Double.NaN, 1.0))).isEqualTo(1.0);
        assertThat(Stats.max(List.of())).isNaN();
        assertThat(Stats.format(24_137.4)).isEqualTo("24,100");
        assertThat(Stats.format(1.0749)).isEqualTo("1.07");
        assertThat(Stats.format(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void ratiosArePerRoundAndGoalsUseTheBetterPeer() {
        Scenario s = new Scenario("4", "pooled", "queries/s", List.of(new Goal(1.1, List.of("a", "b"))), null, d -> null);
        ScenarioResult r = new ScenarioResult(s, List.of(
                new ContenderResult("Tusk", List.of(Sample.of(120, 1_000_000_000L), Sample.of(90, 1_000_000_000L)), null),
                new ContenderResult("a", List.of(Sample.of(100, 1_000_000_000L), Sample.of(50, 1_000_000_000L)), null),
                new ContenderResult("b", List.of(Sample.of(60, 1_000_000_000L), Sample.of(100, 1_000_000_000L)), null)));
        assertThat(r.ratios("a")).containsExactly(1.2, 1.8);
        assertThat(r.ratiosToBest(List.of("a", "b"))).containsExactly(1.2, 0.9);
        assertThat(s.verdict(r)).isEqualTo("missed (1.05)");
    }

    @Test
    void eachRoundStartsOneDriverFurtherOnAndRatiosStayPerRound() {
        List<String> ran = new ArrayList<>();
        Scenario s = new Scenario("1", "order", "ops/s", List.of(), null, d -> () -> {
            ran.add(d.name());
            return Sample.of(d.name().equals("Tusk") ? 200 : 100, 1_000_000_000L);
        });
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ScenarioResult r = new Alternation(BenchConfig.parse("--quick", "--warmups", "1", "--rounds", "3"),
                new PrintStream(log, true, StandardCharsets.UTF_8)).run(s, List.of(named("Tusk"), named("a"), named("b")));
        assertThat(ran).containsExactly("Tusk", "a", "b", "Tusk", "a", "b", "a", "b", "Tusk", "b", "Tusk", "a");
        assertThat(r.ratios("a")).containsExactly(2.0, 2.0, 2.0);
        // The log lists each round in column order whatever order it ran in.
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("round 2: Tusk 200 | a 100 (Tusk/a 2.00) | b 100 (Tusk/b 2.00) |");
    }

    private static Driver named(String name) {
        return new Driver() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String version() {
                return "0";
            }

            @Override
            public String settings() {
                return "";
            }
        };
    }

    @Test
    void placeholdersPerDriverAndCsvQuoting() {
        assertThat(Queries.jdbc(Queries.UPDATE)).isEqualTo("UPDATE pgbench_accounts SET abalance = abalance + ? WHERE aid = ?");
        assertThat(Queries.tusk(Queries.POINT_SELECT)).isEqualTo("SELECT abalance FROM pgbench_accounts WHERE aid = %s");
        assertThat(Queries.stream(25, 10)).contains("generate_series(1, 3)").endsWith("LIMIT 25");
        assertThat(CsvReport.quote("a, \"b\"")).isEqualTo("\"a, \"\"b\"\"\"");
        assertThat(CsvReport.quote("plain")).isEqualTo("plain");
    }

    @Test
    void optionsParseAndBadOnesAreRefused() {
        BenchConfig quick = BenchConfig.parse("--quick", "--only", "1,5", "--rounds", "3");
        assertThat(quick.quick()).isTrue();
        assertThat(quick.rounds()).isEqualTo(3);
        assertThat(quick.runs(5)).isTrue();
        assertThat(quick.runs(2)).isFalse();
        BenchConfig full = BenchConfig.parse();
        assertThat(full.rounds()).isEqualTo(5);
        assertThat(full.bulkRows()).isEqualTo(1_000_000);
        assertThat(full.streamRows()).isEqualTo(10_000_000);
        assertThatThrownBy(() -> BenchConfig.parse("--bogus")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> BenchConfig.parse("--only", "9")).hasMessageContaining("1 to 8");
    }
}
