package dev.tusk.conninfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where connection defaults come from: environment variables, the home directory, the OS user
 * and which Unix socket files exist. {@link #system()} is the real one; tests build their own
 * with {@link #of}.
 */
public interface Environment {

    /**
     * An environment variable.
     *
     * @param name the variable
     * @return its value, or {@code null}
     */
    String getenv(String name);

    /**
     * The user's home directory, for {@code ~/.pgpass} and {@code ~/.pg_service.conf}.
     *
     * @return the directory, or {@code null} if unknown
     */
    Path home();

    /**
     * The operating-system user name: the default database user.
     *
     * @return the user name
     */
    String userName();

    /**
     * Whether a file exists (used to find a local server's Unix socket).
     *
     * @param path the path
     * @return true if it exists
     */
    default boolean exists(Path path) {
        return Files.exists(path);
    }

    /**
     * The process's real environment.
     *
     * @return the system environment
     */
    static Environment system() {
        return new Environment() {
            @Override
            public String getenv(String name) {
                return System.getenv(name);
            }

            @Override
            public Path home() {
                String h = System.getProperty("user.home");
                return h == null ? null : Path.of(h);
            }

            @Override
            public String userName() {
                return System.getProperty("user.name");
            }
        };
    }

    /**
     * A fixed environment (for tests and for programs that want to ignore the real one).
     *
     * @param env      variables
     * @param home     home directory, may be {@code null}
     * @param userName OS user name
     * @return the environment
     */
    static Environment of(Map<String, String> env, Path home, String userName) {
        return new Environment() {
            @Override
            public String getenv(String name) {
                return env.get(name);
            }

            @Override
            public Path home() {
                return home;
            }

            @Override
            public String userName() {
                return userName;
            }
        };
    }
}
