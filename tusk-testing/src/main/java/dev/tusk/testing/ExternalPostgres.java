package dev.tusk.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An existing server named by a DSN, used instead of an embedded one when {@code TUSK_TEST_DSN} is
 * set. Only the DSN is known; users, settings and files are not.
 */
final class ExternalPostgres implements PgServer {

    private final String dsn;
    /** Null when the DSN is a URI or otherwise not parseable, so it cannot be rewritten. */
    private final Map<String, String> params;

    ExternalPostgres(String dsn) {
        this.dsn = dsn;
        Map<String, String> parsed;
        String trimmed = dsn.strip();
        if (trimmed.startsWith("postgres://") || trimmed.startsWith("postgresql://")) {
            parsed = null;
        } else {
            try {
                parsed = ConnInfo.parse(dsn);
            } catch (IllegalArgumentException e) {
                // The DSN is still handed to tests as-is; only the derived accessors are unavailable.
                parsed = null;
            }
        }
        this.params = parsed;
    }

    @Override
    public String host() {
        if (params == null) {
            return null;
        }
        String host = params.get("host");
        return host == null || host.isEmpty() || host.contains(",") ? null : host;
    }

    @Override
    public int port() {
        if (params == null) {
            return -1;
        }
        String port = params.get("port");
        if (port == null || port.contains(",")) {
            return -1;
        }
        try {
            return Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public Path socketDir() {
        return null;
    }

    @Override
    public boolean isEmbedded() {
        return false;
    }

    @Override
    public String dsn() {
        return dsn;
    }

    @Override
    public String dsn(String user, String password) {
        return rewrite(user, password, null);
    }

    @Override
    public String dsn(String user, String password, String database) {
        return rewrite(user, password, database);
    }

    private String rewrite(String user, String password, String database) {
        if (params == null) {
            throw new IllegalStateException(
                    "TUSK_TEST_DSN must be a key=value conninfo string to derive DSNs for other users");
        }
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put("user", user);
        p.remove("password");
        if (password != null) {
            p.put("password", password);
        }
        if (database != null) {
            p.put("dbname", database);
        }
        return ConnInfo.format(p);
    }

    @Override
    public String toString() {
        // The DSN may carry a password, so only the parsed location is shown.
        return "ExternalPostgres[host=" + host() + ", port=" + port() + "]";
    }
}
