package dev.tusk.conninfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Looks passwords up in a libpq password file ({@code ~/.pgpass}): lines of
 * {@code hostname:port:database:username:password}, {@code *} matching anything, {@code \:}
 * and {@code \\} escaping, {@code #} starting a comment; the first matching line wins. A file
 * that is not a regular file, or that group or others may access, is ignored (libpq's rule).
 */
final class PassFile {
    private PassFile() {
    }

    /**
     * The password for a connection, or {@code null}.
     *
     * @param file     the password file
     * @param endpoint where we connect
     * @param database the database
     * @param user     the user
     * @param warnings receives why the file was skipped, if it was
     */
    static String lookup(Path file, Endpoint endpoint, String database, String user, List<String> warnings) {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission p : perms) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    warnings.add("password file \"" + file + "\" has group or world access; permissions should be u=rw (0600) or less");
                    return null;
                }
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            warnings.add("password file \"" + file + "\" could not be read: " + e.getMessage());
            return null;
        }
        String host = endpoint.hostaddr() != null && endpoint.host() == null ? endpoint.hostaddr() : endpoint.host();
        String port = String.valueOf(endpoint.port());
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> f = fields(line);
            if (f.size() < 5) {
                continue;
            }
            boolean hostMatches = matches(f.get(0), host)
                    || (endpoint.isUnixSocket() && matches(f.get(0), "localhost"));
            if (hostMatches && matches(f.get(1), port) && matches(f.get(2), database) && matches(f.get(3), user)) {
                return f.get(4);
            }
        }
        return null;
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>(5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                sb.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString());
        return out;
    }
}
