package dev.tusk.net;

import dev.tusk.conninfo.ConnInfo;
import dev.tusk.conninfo.Endpoint;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.PgException;
import dev.tusk.protocol.StartupConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What both drivers share when connecting: the addresses of an endpoint, the startup
 * parameters, and the record of failed attempts that becomes one error naming every host
 * tried (libpq reports them the same way).
 */
final class ConnectAttempts {
    private final List<String> failures = new ArrayList<>();
    private Exception lastCause;

    /** The addresses to try for an endpoint: one {@code null} for a Unix socket. */
    static List<InetSocketAddress> resolve(Endpoint ep) throws UnknownHostException {
        List<InetSocketAddress> out = new ArrayList<>();
        if (ep.isUnixSocket()) {
            out.add(null);
            return out;
        }
        String target = ep.hostaddr() != null ? ep.hostaddr() : ep.host();
        for (InetAddress a : InetAddress.getAllByName(target)) {
            out.add(new InetSocketAddress(a, ep.port()));
        }
        return out;
    }

    static StartupConfig startupConfig(ConnInfo info, Endpoint ep) {
        Map<String, String> params = new LinkedHashMap<>();
        String app = info.applicationName();
        if (app != null) {
            params.put("application_name", app);
        }
        String options = info.options();
        if (options != null) {
            params.put("options", options);
        }
        return new StartupConfig(info.user(), info.database(), info.passwordFor(ep), params);
    }

    void unresolved(Endpoint ep, UnknownHostException e) {
        failures.add(describe(ep) + ": could not translate host name to address: " + e.getMessage());
        lastCause = e;
    }

    void unreachable(Endpoint ep, InetSocketAddress address, IOException e) {
        String m = e.getMessage();
        failures.add(describe(ep) + where(address) + ": " + (m == null ? e.getClass().getSimpleName() : m));
        lastCause = e;
    }

    void failed(Endpoint ep, InetSocketAddress address, PgException e) {
        failures.add(describe(ep) + where(address) + ": " + e.getMessage());
        lastCause = e;
    }

    /** The error when no attempt succeeded. */
    OperationalException exhausted() {
        if (failures.isEmpty()) {
            return new OperationalException("connection failed: no host to connect to");
        }
        return new OperationalException("connection failed: " + String.join("; ", failures), lastCause);
    }

    private static String describe(Endpoint ep) {
        return ep.isUnixSocket()
                ? "socket \"" + ep.socketPath() + "\""
                : "host \"" + ep.host() + "\" port " + ep.port();
    }

    private static String where(InetSocketAddress a) {
        return a == null || a.getAddress().getHostAddress().equals(a.getHostString())
                ? "" : " (" + a.getAddress().getHostAddress() + ")";
    }
}
