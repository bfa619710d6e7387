package dev.tusk.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions of the measured artifacts, as the module's pom pins them (a filtered resource). */
final class Versions {
    private static final Properties VERSIONS = load();

    private Versions() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /**
     * One artifact's version.
     *
     * @param key {@code tusk}, {@code pgjdbc}, {@code hikaricp} or {@code vertx}
     * @return the version, or {@code "?"} when run without the filtered resource
     */
    static String get(String key) {
        return VERSIONS.getProperty(key, "?");
    }
}
