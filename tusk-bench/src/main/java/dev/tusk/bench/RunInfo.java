package dev.tusk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * What the report says about the run besides the numbers: when, on what, against which
 * server, with which drivers and settings, and how busy the machine was.
 *
 * @param started     when the run started (UTC)
 * @param command     the options the run was started with
 * @param machine     CPU model, cores, memory, OS
 * @param jvm         the JVM running the bench
 * @param server      the PostgreSQL server and how it was set up
 * @param drivers     one line per contender: name, version, settings
 * @param loadBefore  {@code /proc/loadavg} when the run started
 * @param loadAfter   {@code /proc/loadavg} when it ended, or null while it runs
 * @param config      the sizes
 */
public record RunInfo(String started, String command, String machine, String jvm, String server,
                      List<String> drivers, String loadBefore, String loadAfter, BenchConfig config) {

    /**
     * Describes this machine and JVM now.
     *
     * @param command the options
     * @param server  the server description
     * @param drivers the contenders
     * @param config  the sizes
     * @return the description, without the closing load
     */
    static RunInfo now(String command, String server, List<Driver> drivers, BenchConfig config) {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
        String memKb = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        String mem = memKb == null ? "?" : String.format(Locale.ROOT, "%.0f GiB",
                Long.parseLong(memKb.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
        String machine = (cpu == null ? System.getProperty("os.arch") : cpu) + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, " + mem + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version");
        String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        List<String> lines = drivers.stream().map(d -> d.name() + ": " + d.version() + ". " + d.settings()).toList();
        return new RunInfo(OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).substring(0, 16) + "Z",
                command, machine, jvm, server, lines, loadAverage(), null, config);
    }

    /**
     * A copy with the closing load average.
     *
     * @return the finished description
     */
    RunInfo finished() {
        return new RunInfo(started, command, machine, jvm, server, drivers, loadBefore, loadAverage(), config);
    }

    /**
     * The 1, 5 and 15 minute load averages.
     *
     * @return e.g. {@code "1.32 1.92 3.18"}, or {@code "?"} without {@code /proc}
     */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
