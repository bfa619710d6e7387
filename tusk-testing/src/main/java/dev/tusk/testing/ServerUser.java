package dev.tusk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The operating-system account that runs the server's processes.
 *
 * <p>PostgreSQL refuses to run as root, so a root JVM hands initdb and postgres to an unprivileged
 * account ({@code postgres} if present, else {@code nobody}) and gives it the directories it needs.
 * Any other JVM runs them as itself.
 */
final class ServerUser {

    private static volatile ServerUser current;

    /** Account name, or null when no switch is needed. */
    private final String name;
    private final int uid;
    private final int gid;
    private final String runuser;
    private final String setpriv;

    private ServerUser(String name, int uid, int gid, String runuser, String setpriv) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.runuser = runuser;
        this.setpriv = setpriv;
    }

    /** Detects, once per JVM, whether and to whom the server must be handed. */
    static ServerUser current() {
        ServerUser u = current;
        if (u == null) {
            synchronized (ServerUser.class) {
                u = current;
                if (u == null) {
                    u = detect();
                    current = u;
                }
            }
        }
        return u;
    }

    private static ServerUser detect() {
        if (currentUid() != 0) {
            return new ServerUser(null, -1, -1, null, null);
        }
        String runuser = findExecutable("runuser");
        String setpriv = findExecutable("setpriv");
        if (runuser == null && setpriv == null) {
            throw new IllegalStateException(
                    "running as root, but neither runuser nor setpriv is available to start PostgreSQL "
                            + "as an unprivileged user");
        }
        for (String candidate : List.of("postgres", "nobody")) {
            int[] ids = lookup(candidate);
            if (ids != null && ids[0] != 0) {
                return new ServerUser(candidate, ids[0], ids[1], runuser, setpriv);
            }
        }
        throw new IllegalStateException(
                "running as root and no unprivileged 'postgres' or 'nobody' account exists to run PostgreSQL");
    }

    static int currentUid() {
        try {
            // /proc/self resolves to this process's directory, which belongs to our real uid.
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            String out = runForOutput(List.of("id", "-u"));
            try {
                return Integer.parseInt(out.strip());
            } catch (NumberFormatException nfe) {
                IllegalStateException ex = new IllegalStateException("cannot determine the current uid");
                ex.addSuppressed(e);
                throw ex;
            }
        }
    }

    /** Returns {uid, gid} of an account, or null if it does not exist. */
    private static int[] lookup(String user) {
        Path passwd = Path.of("/etc/passwd");
        try {
            if (Files.isReadable(passwd)) {
                for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
                    String[] f = line.split(":", -1);
                    if (f.length >= 4 && f[0].equals(user)) {
                        return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read /etc/passwd", e);
        }
        // Accounts from NSS sources other than /etc/passwd (LDAP, sssd) are only visible to id(1).
        String uid = runForOutput(List.of("id", "-u", user)).strip();
        String gid = runForOutput(List.of("id", "-g", user)).strip();
        if (uid.matches("\\d+") && gid.matches("\\d+")) {
            return new int[] {Integer.parseInt(uid), Integer.parseInt(gid)};
        }
        return null;
    }

    private static String runForOutput(List<String> cmd) {
        try {
            Path out = Files.createTempFile("tusk-id", ".out");
            try {
                int code = Commands.run(cmd, out, null, Duration.ofSeconds(10));
                return code == 0 ? Files.readString(out, StandardCharsets.UTF_8) : "";
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String findExecutable(String name) {
        List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** Tells whether commands are run as another account. */
    boolean switches() {
        return name != null;
    }

    /** Returns the account name, or null when the JVM's own account is used. */
    String name() {
        return name;
    }

    /** Returns the uid of the switched-to account, or -1 when no switch is made. */
    int uid() {
        return uid;
    }

    /** Prefixes a command so that it runs as this account. */
    List<String> wrap(List<String> command) {
        if (name == null) {
            return command;
        }
        List<String> out = new ArrayList<>();
        if (runuser != null) {
            out.addAll(List.of(runuser, "-u", name, "--"));
        } else {
            out.addAll(List.of(setpriv, "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        }
        out.addAll(command);
        return out;
    }

    /** Hands a file or directory we created to this account; a no-op without a switch. */
    void own(Path path) {
        if (name == null) {
            return;
        }
        try {
            UserPrincipal principal = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
            Files.setOwner(path, principal);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to user " + name, e);
        }
    }

    /** A hint for error messages about what the server account must be able to reach. */
    String accessHint(Path... paths) {
        if (name == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\nThe JVM runs as root, so PostgreSQL runs as '").append(name)
                .append("', which needs search permission on every parent directory of:");
        for (Path p : paths) {
            sb.append(' ').append(p);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                sb.append(" (missing)");
            }
        }
        return sb.append(" (keep java.io.tmpdir and TUSK_PG_CACHE out of /root).").toString();
    }
}
