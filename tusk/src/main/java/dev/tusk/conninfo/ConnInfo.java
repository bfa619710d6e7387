package dev.tusk.conninfo;

import dev.tusk.errors.NotSupportedException;
import dev.tusk.errors.ProgrammingException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * libpq-compatible connection information: an immutable, ordered map of connection keywords,
 * parsed from a {@code key=value} string or a {@code postgresql://} URI, then completed from
 * the environment, the service file and the defaults by {@link #resolve(Environment)}. The
 * password is never part of {@link #toDsn()} or {@link #toString()}.
 *
 * <pre>{@code
 * ConnInfo info = ConnInfo.parse("postgresql://alice@db1:5433,db2/shop?application_name=web")
 *         .resolve(Environment.system());
 * info.endpoints();   // [Endpoint[host=db1, port=5433], Endpoint[host=db2, port=5432]]
 * info.toDsn();       // user=alice host=db1,db2 port=5433, dbname=shop application_name=web
 * }</pre>
 */
public final class ConnInfo {
    private static final int DEFAULT_PORT = 5432;
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    private static final Set<String> SESSION_ATTRS = Set.of("any", "read-write", "read-only", "primary", "standby",
            "prefer-standby");
    private static final List<String> SOCKET_DIRS = List.of("/var/run/postgresql", "/run/postgresql", "/tmp");

    private final Map<String, String> params;
    private final Path passFile;
    private final List<String> warnings;

    private ConnInfo(Map<String, String> params, Path passFile, List<String> warnings) {
        this.params = Collections.unmodifiableMap(params);
        this.passFile = passFile;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Parses a conninfo string or URI; nothing is looked up yet.
     *
     * @param conninfo {@code "host=h dbname=d"}, {@code "postgresql://..."}, or empty
     * @return the parsed info
     * @throws ProgrammingException naming the bad part
     */
    public static ConnInfo parse(String conninfo) {
        String s = conninfo == null ? "" : conninfo.strip();
        Map<String, String> p = UriParser.isUri(s) ? UriParser.parse(s) : ConnInfoParser.parse(s);
        return new ConnInfo(new LinkedHashMap<>(p), null, List.of());
    }

    /**
     * A copy with one keyword set.
     *
     * @param key   a libpq keyword
     * @param value its value
     * @return the new info
     * @throws ProgrammingException for an unknown keyword
     */
    public ConnInfo with(String key, String value) {
        if (!Keywords.isKnown(key)) {
            throw new ProgrammingException("invalid connection option \"" + key + "\"");
        }
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put(key, value);
        return new ConnInfo(p, passFile, warnings);
    }

    /**
     * Completes the info as libpq does: keywords given explicitly win, then those of the
     * service ({@code service} or {@code PGSERVICE}), then environment variables, then the
     * defaults (port 5432, the OS user, a database named after the user, a local Unix socket
     * when one exists else {@code localhost}). Values are validated.
     *
     * @param env where defaults come from
     * @return the resolved info
     * @throws ProgrammingException     for an invalid value or an unknown service
     * @throws NotSupportedException    for an {@code sslmode} that requires TLS
     */
    public ConnInfo resolve(Environment env) {
        Map<String, String> p = new LinkedHashMap<>(params);
        String service = p.containsKey("service") ? p.get("service") : env.getenv("PGSERVICE");
        if (service != null && !service.isEmpty()) {
            List<Path> files = new ArrayList<>();
            String serviceFile = env.getenv("PGSERVICEFILE");
            files.add(serviceFile != null ? Path.of(serviceFile) : env.home() == null ? null : env.home().resolve(".pg_service.conf"));
            String sysconf = env.getenv("PGSYSCONFDIR");
            if (sysconf != null) {
                files.add(Path.of(sysconf, "pg_service.conf"));
            }
            ServiceFile.lookup(service, files).forEach(p::putIfAbsent);
        }
        for (Map.Entry<String, String> e : Keywords.ENV.entrySet()) {
            if (e.getValue() != null && !p.containsKey(e.getKey())) {
                String v = env.getenv(e.getValue());
                if (v != null) {
                    p.put(e.getKey(), v);
                }
            }
        }
        p.putIfAbsent("user", env.userName());
        p.putIfAbsent("dbname", p.get("user"));
        if (!p.containsKey("host") && !p.containsKey("hostaddr")) {
            p.put("host", defaultHost(env, firstPort(p.get("port"))));
        }
        Path pass = null;
        String passfile = p.get("passfile");
        if (passfile != null) {
            pass = Path.of(passfile);
        } else if (env.home() != null) {
            pass = env.home().resolve(".pgpass");
        }
        ConnInfo resolved = new ConnInfo(p, pass, List.of());
        resolved.validate();
        return resolved;
    }

    private static int firstPort(String portList) {
        if (portList == null || portList.isEmpty()) {
            return DEFAULT_PORT;
        }
        String first = portList.split(",", -1)[0];
        return first.isEmpty() ? DEFAULT_PORT : parsePort(first);
    }

    private static String defaultHost(Environment env, int port) {
        for (String dir : SOCKET_DIRS) {
            if (env.exists(Path.of(dir, ".s.PGSQL." + port))) {
                return dir;
            }
        }
        return "localhost";
    }

    private void validate() {
        endpoints();
        connectTimeout();
        String encoding = params.get("client_encoding");
        if (encoding != null) {
            String e = encoding.toLowerCase(Locale.ROOT);
            if (!e.equals("utf8") && !e.equals("utf-8") && !e.equals("unicode") && !e.equals("auto")) {
                throw new ProgrammingException("client_encoding " + encoding + " is not supported: Tusk speaks UTF8 only");
            }
        }
        String sslmode = params.get("sslmode");
        if (sslmode != null) {
            if (!SSL_MODES.contains(sslmode)) {
                throw new ProgrammingException("invalid sslmode value: \"" + sslmode + "\"");
            }
            if (!sslmode.equals("disable") && !sslmode.equals("allow") && !sslmode.equals("prefer")) {
                throw new NotSupportedException("sslmode=" + sslmode + " requires TLS, which this Tusk version does not support yet");
            }
        }
        String attrs = params.get("target_session_attrs");
        if (attrs != null && !SESSION_ATTRS.contains(attrs)) {
            throw new ProgrammingException("invalid target_session_attrs value: \"" + attrs + "\"");
        }
        for (String k : List.of("keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout")) {
            if (params.containsKey(k)) {
                integer(k, params.get(k));
            }
        }
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ProgrammingException("invalid integer value \"" + value + "\" for connection option \"" + key + "\"");
        }
    }

    private static int parsePort(String value) {
        int port = integer("port", value);
        if (port < 1 || port > 65535) {
            throw new ProgrammingException("invalid port number: \"" + value + "\"");
        }
        return port;
    }

    /**
     * The places to connect to, in order: one per host (or hostaddr) in the comma-separated
     * lists, with one port for all or one port each.
     *
     * @return the endpoints
     * @throws ProgrammingException when the host, hostaddr and port lists do not match
     */
    public List<Endpoint> endpoints() {
        String hostList = params.get("host");
        String addrList = params.get("hostaddr");
        String[] hosts = hostList == null || hostList.isEmpty() ? new String[0] : hostList.split(",", -1);
        String[] addrs = addrList == null || addrList.isEmpty() ? new String[0] : addrList.split(",", -1);
        int n = Math.max(hosts.length, addrs.length);
        if (hosts.length > 0 && addrs.length > 0 && hosts.length != addrs.length) {
            throw new ProgrammingException("could not match " + hosts.length + " host names to " + addrs.length
                    + " hostaddr values");
        }
        String portList = params.get("port");
        String[] ports = portList == null || portList.isEmpty() ? new String[0] : portList.split(",", -1);
        if (ports.length > 1 && ports.length != n) {
            throw new ProgrammingException("could not match " + ports.length + " port numbers to " + n + " hosts");
        }
        List<Endpoint> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String host = i < hosts.length && !hosts[i].isEmpty() ? hosts[i] : null;
            String addr = i < addrs.length && !addrs[i].isEmpty() ? addrs[i] : null;
            String port = ports.length == 0 ? "" : ports.length == 1 ? ports[0] : ports[i];
            if (host == null && addr == null) {
                host = "localhost";
            }
            out.add(new Endpoint(host == null ? addr : host, addr, port.isEmpty() ? DEFAULT_PORT : parsePort(port)));
        }
        return out;
    }

    /**
     * The connection timeout per host ({@code connect_timeout}, seconds): {@code null} for
     * none (0 or negative), and at least 2 seconds otherwise, as in libpq.
     *
     * @return the timeout or {@code null}
     */
    public Duration connectTimeout() {
        String v = params.get("connect_timeout");
        if (v == null || v.isEmpty()) {
            return null;
        }
        int seconds = integer("connect_timeout", v);
        return seconds <= 0 ? null : Duration.ofSeconds(Math.max(2, seconds));
    }

    /**
     * The value of a keyword.
     *
     * @param key the keyword
     * @return the value or {@code null}
     */
    public String get(String key) {
        return params.get(key);
    }

    /**
     * The user name.
     *
     * @return the user, or {@code null} before {@link #resolve}
     */
    public String user() {
        return params.get("user");
    }

    /**
     * The database name.
     *
     * @return the database, or {@code null} before {@link #resolve}
     */
    public String database() {
        return params.get("dbname");
    }

    /**
     * {@code application_name}, else {@code fallback_application_name}.
     *
     * @return the name or {@code null}
     */
    public String applicationName() {
        String app = params.get("application_name");
        return app != null ? app : params.get("fallback_application_name");
    }

    /**
     * Command-line options for the server ({@code options}, e.g. {@code -c search_path=x}).
     *
     * @return the options or {@code null}
     */
    public String options() {
        return params.get("options");
    }

    /**
     * The password for one endpoint: the {@code password} keyword (or {@code PGPASSWORD}),
     * else the password file's first matching line. The only accessor that returns it.
     *
     * @param endpoint where the connection goes
     * @return the password, or {@code null}
     */
    public String passwordFor(Endpoint endpoint) {
        String p = params.get("password");
        if (p != null) {
            return p;
        }
        List<String> notes = new ArrayList<>();
        return PassFile.lookup(passFile, endpoint, database(), user(), notes);
    }

    /**
     * Why a password file was skipped, when it was.
     *
     * @return messages for a debug log
     */
    public List<String> warnings() {
        if (params.get("password") != null || passFile == null) {
            return warnings;
        }
        List<String> notes = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            PassFile.lookup(passFile, e, database(), user(), notes);
        }
        return List.copyOf(notes);
    }

    /**
     * Every keyword set, the password included.
     *
     * @return an unmodifiable ordered map
     */
    public Map<String, String> params() {
        return params;
    }

    /**
     * The info as a conninfo string without the password.
     *
     * @return {@code key=value} pairs, quoted where needed
     */
    public String toDsn() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().equals("password") || e.getKey().equals("sslpassword")) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(e.getKey()).append('=').append(ConnInfoParser.quote(e.getValue()));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toDsn();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnInfo c && c.params.equals(params);
    }

    @Override
    public int hashCode() {
        return params.hashCode();
    }
}
