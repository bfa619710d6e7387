package dev.tusk.conninfo;

import java.util.LinkedHashMap;
import java.util.Map;

/** The libpq connection keywords Tusk accepts, and the environment variable of each. */
final class Keywords {
    /** keyword to environment variable ({@code null} when there is none). */
    static final Map<String, String> ENV = new LinkedHashMap<>();

    static {
        String[][] table = {
                {"host", "PGHOST"}, {"hostaddr", "PGHOSTADDR"}, {"port", "PGPORT"}, {"dbname", "PGDATABASE"},
                {"user", "PGUSER"}, {"password", "PGPASSWORD"}, {"passfile", "PGPASSFILE"},
                {"connect_timeout", "PGCONNECT_TIMEOUT"}, {"client_encoding", "PGCLIENTENCODING"},
                {"options", "PGOPTIONS"}, {"application_name", "PGAPPNAME"}, {"fallback_application_name", null},
                {"keepalives", null}, {"keepalives_idle", null}, {"keepalives_interval", null},
                {"keepalives_count", null}, {"tcp_user_timeout", null}, {"sslmode", "PGSSLMODE"},
                {"sslcert", "PGSSLCERT"}, {"sslkey", "PGSSLKEY"}, {"sslrootcert", "PGSSLROOTCERT"},
                {"sslpassword", null}, {"sslnegotiation", "PGSSLNEGOTIATION"},
                {"target_session_attrs", "PGTARGETSESSIONATTRS"}, {"load_balance_hosts", "PGLOADBALANCEHOSTS"},
                {"service", "PGSERVICE"}, {"require_auth", "PGREQUIREAUTH"}, {"channel_binding", "PGCHANNELBINDING"},
                {"gssencmode", "PGGSSENCMODE"}, {"krbsrvname", "PGKRBSRVNAME"}, {"replication", null},
        };
        for (String[] row : table) {
            ENV.put(row[0], row[1]);
        }
    }

    private Keywords() {
    }

    static boolean isKnown(String keyword) {
        return ENV.containsKey(keyword);
    }
}
