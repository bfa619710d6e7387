package dev.tusk.bench;

import dev.tusk.conninfo.ConnInfo;
import dev.tusk.conninfo.Endpoint;
import dev.tusk.conninfo.Environment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One server login, in the shape every driver needs: Tusk and pgbench take the libpq DSN,
 * pgjdbc and Vert.x take its parts. Parsed once with Tusk's own conninfo parser, so all
 * drivers connect to exactly the same place.
 *
 * @param label    how the report names this login ({@code "trust"}, {@code "scram-sha-256"}, ...)
 * @param host     TCP host (the bench runs over TCP for every driver, never a Unix socket)
 * @param port     TCP port
 * @param user     role
 * @param password password, or null when the login needs none
 * @param database database name
 */
public record Target(String label, String host, int port, String user, String password, String database) {

    /**
     * Parses a libpq DSN (or URI), filling defaults from the environment as libpq would.
     *
     * @param label how the report names this login
     * @param dsn   a conninfo string naming one TCP host
     * @return the target
     */
    public static Target parse(String label, String dsn) {
        ConnInfo info = ConnInfo.parse(dsn).resolve(Environment.system());
        Endpoint endpoint = info.endpoints().get(0);
        if (endpoint.isUnixSocket()) {
            throw new IllegalArgumentException("the bench needs a TCP host (pgjdbc and Vert.x connect over TCP): " + dsn);
        }
        return new Target(label, endpoint.host(), endpoint.port(), info.user(), info.passwordFor(endpoint), info.database());
    }

    /**
     * The libpq DSN for Tusk and pgbench.
     *
     * @return {@code host=... port=... user=... dbname=...} with the password if any
     */
    public String dsn() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("host", host);
        p.put("port", Integer.toString(port));
        p.put("user", user);
        p.put("dbname", database);
        if (password != null) {
            p.put("password", password);
        }
        return dev.tusk.testing.ConnInfo.format(p);
    }

    /**
     * The pgjdbc URL; the user and password go in properties, not the URL.
     *
     * @return {@code jdbc:postgresql://host:port/db}
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * A copy for another login on the same server and database.
     *
     * @param newLabel    how the report names it
     * @param newUser     the role
     * @param newPassword its password, or null
     * @return the target
     */
    public Target as(String newLabel, String newUser, String newPassword) {
        return new Target(newLabel, host, port, newUser, newPassword, database);
    }
}
