package dev.tusk.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code pgbench} binary, for the server-ceiling column: libpq in C, no JVM. It is not part
 * of the Maven-shipped server binaries, so it is looked for next to them ({@code TUSK_PG_BIN})
 * and on the {@code PATH}; without it the ceiling cells say {@code n/a (no pgbench)}.
 *
 * @param binary  the executable
 * @param version what {@code pgbench --version} printed
 */
public record Pgbench(Path binary, String version) {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

    /**
     * Looks for pgbench.
     *
     * @return the pgbench found, or null
     */
    static Pgbench find() {
        List<Path> candidates = new ArrayList<>();
        String pgBin = System.getenv("TUSK_PG_BIN");
        if (pgBin != null && !pgBin.isBlank()) {
            candidates.add(Path.of(pgBin, "pgbench"));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "pgbench"));
                }
            }
        }
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                try {
                    return new Pgbench(p, exec(List.of(p.toString(), "--version"), null).strip());
                } catch (IOException e) {
                    // Not runnable after all (wrong architecture, missing libpq): try the next.
                }
            }
        }
        return null;
    }

    /**
     * Runs pgbench against the target and returns its throughput.
     *
     * @param target where to connect
     * @param script a custom script, or null for the options alone (e.g. {@code -S})
     * @param args   pgbench options
     * @return transactions per second as pgbench reports them
     * @throws IOException if pgbench fails
     */
    double tps(Target target, String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-n", "-h", target.host(),
                "-p", Integer.toString(target.port()), "-U", target.user()));
        cmd.addAll(List.of(args));
        Path file = null;
        try {
            if (script != null) {
                file = Files.createTempFile("tusk-bench", ".sql");
                Files.writeString(file, script);
                cmd.add("-f");
                cmd.add(file.toString());
            }
            cmd.add(target.database());
            String out = exec(cmd, target.password());
            Matcher m = TPS.matcher(out);
            if (!m.find()) {
                throw new IOException("no tps in pgbench's output:\n" + out);
            }
            return Double.parseDouble(m.group(1));
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static String exec(List<String> cmd, String password) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // libpq's default sslmode=prefer costs an SSLRequest round trip per connection; the JVM
        // drivers are set not to try TLS either.
        pb.environment().put("PGSSLMODE", "disable");
        if (password != null) {
            pb.environment().put("PGPASSWORD", password);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        return out;
    }
}
