package dev.tusk.conninfo;

import dev.tusk.errors.ProgrammingException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses libpq connection URIs:
 * {@code postgresql://[user[:password]@][host[:port][,host[:port]...]][/dbname][?key=value&...]}
 * with percent-decoding, {@code [IPv6]} literals and percent-encoded socket directories.
 * Errors never echo the URI, which may hold a password.
 */
final class UriParser {
    private UriParser() {
    }

    static boolean isUri(String s) {
        return s.startsWith("postgresql://") || s.startsWith("postgres://");
    }

    static Map<String, String> parse(String uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String rest = uri.substring(uri.indexOf("://") + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        if (slash >= 0 && slash + 1 < rest.length()) {
            out.put("dbname", decode(rest.substring(slash + 1), "database name"));
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userinfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userinfo.indexOf(':');
            String user = colon >= 0 ? userinfo.substring(0, colon) : userinfo;
            if (!user.isEmpty()) {
                out.put("user", decode(user, "user name"));
            }
            if (colon >= 0) {
                out.put("password", decode(userinfo.substring(colon + 1), "password"));
            }
        }
        if (!authority.isEmpty()) {
            hosts(authority, out);
        }
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ProgrammingException("invalid URI query parameter: missing \"=\" in a parameter");
                }
                String key = decode(pair.substring(0, eq), "parameter name");
                if (!Keywords.isKnown(key)) {
                    throw new ProgrammingException("invalid URI query parameter: \"" + key + "\"");
                }
                out.put(key, decode(pair.substring(eq + 1), "value of " + key));
            }
        }
        return out;
    }

    private static void hosts(String authority, Map<String, String> out) {
        List<String> hosts = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        boolean anyPort = false;
        for (String spec : authority.split(",", -1)) {
            String host;
            String port = "";
            if (spec.startsWith("[")) {
                int close = spec.indexOf(']');
                if (close < 0) {
                    throw new ProgrammingException("invalid URI: missing \"]\" in an IPv6 host address");
                }
                host = spec.substring(1, close);
                String after = spec.substring(close + 1);
                if (after.startsWith(":")) {
                    port = after.substring(1);
                } else if (!after.isEmpty()) {
                    throw new ProgrammingException("invalid URI: unexpected character after IPv6 address");
                }
            } else {
                int colon = spec.lastIndexOf(':');
                host = colon >= 0 ? spec.substring(0, colon) : spec;
                port = colon >= 0 ? spec.substring(colon + 1) : "";
            }
            hosts.add(decode(host, "host"));
            ports.add(decode(port, "port"));
            anyPort |= !port.isEmpty();
        }
        out.put("host", String.join(",", hosts));
        if (anyPort) {
            out.put("port", String.join(",", ports));
        }
    }

    private static String decode(String s, String what) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            int pct = s.indexOf('%', i);
            int end = pct < 0 ? s.length() : pct;
            byte[] plain = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
            bytes.write(plain, 0, plain.length);
            if (pct < 0) {
                break;
            }
            if (pct + 2 >= s.length() || Character.digit(s.charAt(pct + 1), 16) < 0
                    || Character.digit(s.charAt(pct + 2), 16) < 0) {
                throw new ProgrammingException("invalid percent-encoded token in the " + what + " of the URI");
            }
            int b = Character.digit(s.charAt(pct + 1), 16) * 16 + Character.digit(s.charAt(pct + 2), 16);
            if (b == 0) {
                throw new ProgrammingException("forbidden value %00 in the " + what + " of the URI");
            }
            bytes.write(b);
            i = pct + 3;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
