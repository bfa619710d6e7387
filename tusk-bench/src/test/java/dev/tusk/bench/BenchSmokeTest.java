package dev.tusk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's command in {@code --quick} mode, end to end: an embedded server, the data, every
 * scenario for every driver (child JVMs included), and the three result files. Proves the
 * harness, not the drivers: the sizes are tiny.
 */
class BenchSmokeTest {

    @Test
    void quickRunMeasuresEveryScenarioAndWritesTheResults(@TempDir Path out) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        BenchResults results;
        try (PrintStream log = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            // No warm-up rounds: they run the same code as the measured ones, and this test is about the harness.
            results = BenchMain.run(BenchConfig.parse("--quick", "--warmups", "0", "--out", out.toString()),
                    "BenchMain --quick --warmups 0", log);
        }
        String console = captured.toString(StandardCharsets.UTF_8);
        System.out.println(console);

        assertThat(results.scenarios()).extracting(s -> s.scenario().id())
                .contains("1", "2", "3", "4", "5", "6");
        // Tusk, pgjdbc and Vert.x each measured every round where they apply.
        for (String id : new String[] {"1", "3", "4", "5", "6"}) {
            for (String driver : new String[] {"Tusk", "pgjdbc", "Vert.x"}) {
                assertThat(results.scenario(id).contender(driver).samples())
                        .as("scenario %s, %s: %s", id, driver, console).hasSize(2);
            }
        }
        assertThat(results.scenario("2").contender("Vert.x").samples()).as(console).hasSize(2);
        // The streaming children report their memory; the in-process drivers their allocation.
        assertThat(results.scenario("6").contender("Tusk").peakRss()).isPositive();
        assertThat(results.scenario("5").contender("Tusk").medianBytesPerOp()).isPositive();
        assertThat(results.valueBytesPerRow()).isPositive();

        String md = Files.readString(out.resolve("results.md"));
        assertThat(md).contains("quick mode", "| 1 | Sequential point selects", "| 4 | Pooled", "## Allocation (scenario 8)",
                "![Tusk / peer throughput per scenario](results.png)");
        assertThat(Files.readAllLines(out.resolve("results.csv")).get(0)).isEqualTo(CsvReport.HEADER);
        BufferedImage chart = ImageIO.read(out.resolve("results.png").toFile());
        assertThat(chart.getWidth()).isGreaterThan(500);
    }
}
