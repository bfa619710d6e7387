package dev.tusk.testing;

import java.nio.file.Path;

/**
 * A PostgreSQL server that tests connect to: either an {@link EmbeddedPostgres} started by this
 * module, or an existing server named by the {@code TUSK_TEST_DSN} environment variable.
 *
 * <p>DSNs are libpq {@code key=value} connection strings with values quoted as libpq expects
 * (see {@link ConnInfo}).
 */
public interface PgServer {

    /**
     * Returns the TCP host to connect to.
     *
     * @return the host, or null when an external DSN does not name exactly one host
     */
    String host();

    /**
     * Returns the TCP port to connect to.
     *
     * @return the port, or -1 when an external DSN does not name it
     */
    int port();

    /**
     * Returns the directory holding the server's Unix-domain socket.
     *
     * @return the socket directory, or null for an external server
     */
    Path socketDir();

    /**
     * Tells whether this server was started by this JVM, so that its users, settings and files
     * are known. Tests that need the standard {@link TestUsers} should skip when this is false.
     *
     * @return true for an {@link EmbeddedPostgres}
     */
    boolean isEmbedded();

    /**
     * Returns the superuser DSN over TCP, database {@code postgres} for an embedded server, or the
     * external DSN unchanged.
     *
     * @return a libpq conninfo string
     */
    String dsn();

    /**
     * Returns a DSN for another role, database {@code postgres} for an embedded server.
     *
     * @param user the role name
     * @param password the password, or null to leave it out
     * @return a libpq conninfo string
     */
    String dsn(String user, String password);

    /**
     * Returns a DSN for another role and database.
     *
     * @param user the role name
     * @param password the password, or null to leave it out
     * @param database the database name
     * @return a libpq conninfo string
     */
    String dsn(String user, String password, String database);
}
