package dev.tusk.testing;

import java.util.List;

/**
 * Writes {@code pg_hba.conf}: each configured role gets its own method on the Unix socket and on
 * both loopback addresses, ahead of the catch-all {@code trust} lines for everyone else. The
 * first matching line wins, so the order is what makes per-role methods effective.
 */
final class HbaConfig {

    private static final List<String> HOST_ADDRESSES = List.of("127.0.0.1/32", "::1/128");

    private HbaConfig() {
    }

    /** A role and the method it must authenticate with. */
    record Rule(String user, AuthMethod method) {
    }

    static String render(List<Rule> rules) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Written by tusk-testing. Configured roles first; the first matching line wins.\n");
        sb.append("# TYPE  DATABASE     USER  ADDRESS  METHOD\n");
        for (Rule r : rules) {
            String user = quoteUser(r.user());
            String method = r.method().hbaKeyword();
            sb.append("local all ").append(user).append(' ').append(method).append('\n');
            for (String addr : HOST_ADDRESSES) {
                sb.append("host all ").append(user).append(' ').append(addr).append(' ').append(method).append('\n');
            }
        }
        sb.append("local all all trust\n");
        for (String addr : HOST_ADDRESSES) {
            sb.append("host all all ").append(addr).append(" trust\n");
        }
        sb.append("local replication all trust\n");
        for (String addr : HOST_ADDRESSES) {
            sb.append("host replication all ").append(addr).append(" trust\n");
        }
        return sb.toString();
    }

    /** Quotes a role so that keywords like {@code all} and prefixes like {@code +} are literal. */
    static String quoteUser(String user) {
        Sql.checkName(user);
        if (user.indexOf('"') >= 0) {
            throw new IllegalArgumentException("role names with double quotes cannot be put in pg_hba.conf: " + user);
        }
        return '"' + user + '"';
    }
}
