package dev.tusk.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Scenario 6's runner: each round starts a fresh JVM with a small heap for one driver
 * ({@link StreamChild}), so that a driver that holds the result fails with
 * {@code OutOfMemoryError} instead of hiding in the parent's heap, and the peak RSS is that
 * driver's alone.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * The streaming workload of one driver.
     *
     * @param driver the driver's {@link Driver#name()}
     * @param env    the server and sizes
     * @param sql    the query to stream
     * @return a workload that starts one child JVM per round
     */
    static Workload streaming(String driver, BenchEnv env, String sql) {
        String classpath = String.join(File.pathSeparator, classpath());
        return new Workload() {
            @Override
            public Sample run() throws IOException, InterruptedException {
                List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx" + env.config().streamHeap(), "-cp", classpath, StreamChild.class.getName(),
                        driver, env.admin().dsn(), sql);
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IOException(driver + "'s streaming JVM failed:\n" + tail(out));
                }
                return StreamChild.parse(out);
            }

            @Override
            public boolean inProcess() {
                return false;
            }
        };
    }

    private static String tail(String out) {
        return out.length() <= 4000 ? out : "..." + out.substring(out.length() - 4000);
    }

    /**
     * This JVM's application classpath, wherever it came from: the URLs of the class loaders
     * that loaded the bench ({@code mvn exec:java} runs it in a URLClassLoader), else
     * {@code java.class.path}, where a manifest-only jar (Surefire's) is expanded to the
     * entries of its {@code Class-Path}.
     *
     * @return the entries, in order, without duplicates
     */
    static List<String> classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader cl = ChildJvm.class.getClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    addUrl(entries, url);
                }
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
                entries.addAll(manifestClassPath(Path.of(entry)));
            }
        }
        return new ArrayList<>(entries);
    }

    private static void addUrl(Set<String> entries, URL url) {
        try {
            if ("file".equals(url.getProtocol())) {
                entries.add(Path.of(url.toURI()).toString());
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // Not a local file: a child JVM could not use it either.
        }
    }

    private static List<String> manifestClassPath(Path jar) {
        Set<String> out = new LinkedHashSet<>();
        if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return List.of();
        }
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest m = jf.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
            if (cp != null) {
                for (String item : cp.trim().split("\\s+")) {
                    addUrl(out, jar.toUri().resolve(item).toURL());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // An unreadable jar adds nothing.
        }
        return new ArrayList<>(out);
    }

    /**
     * This process's peak resident set size ({@code VmHWM} in {@code /proc/self/status}).
     *
     * @return bytes, or -1 where there is no {@code /proc}
     */
    static long peakRss() {
        try (InputStream in = Files.newInputStream(Path.of("/proc/self/status"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
