package dev.tusk.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs short-lived helper commands and handles their output files.
 *
 * <p>Output always goes to a file rather than a pipe: nothing has to drain it, so a chatty
 * process can never block, and the file doubles as a diagnostic for error messages.
 */
final class Commands {

    private static final int TAIL_BYTES = 6000;

    private Commands() {
    }

    /** Builds a process whose stdout and stderr are appended to {@code output}. */
    static ProcessBuilder builder(List<String> command, Path output) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> env = pb.environment();
        // libpq/server variables from the developer's shell must not redirect our server.
        env.keySet().removeIf(k -> k.startsWith("PG"));
        env.put("LC_ALL", "C");
        return pb;
    }

    /**
     * Runs a command to completion.
     *
     * @param stdin bytes fed to the process, or null for none; passing secrets here keeps them off
     *     the disk and out of the process table
     * @return the exit code
     */
    static int run(List<String> command, Path output, byte[] stdin, Duration timeout) {
        Process p;
        try {
            p = builder(command, output).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        IOException writeFailure = null;
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        } catch (IOException e) {
            // Usually a broken pipe because the process died; its exit code and output say why.
            writeFailure = e;
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(p.toHandle());
                IllegalStateException ex = new IllegalStateException(
                        command.get(0) + " did not finish within " + timeout + "\n" + tail(output));
                if (writeFailure != null) {
                    ex.addSuppressed(writeFailure);
                }
                throw ex;
            }
        } catch (InterruptedException e) {
            killTree(p.toHandle());
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + command.get(0), e);
        }
        int code = p.exitValue();
        if (code == 0 && writeFailure != null) {
            throw new UncheckedIOException("could not feed input to " + command.get(0), writeFailure);
        }
        return code;
    }

    /** Forcibly ends a process and everything it started, children first so none is orphaned. */
    static void killTree(ProcessHandle handle) {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
    }

    /** Returns the last few KB of a text file for an error message, or a note if it is missing. */
    static String tail(Path file) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            long start = Math.max(0, len - TAIL_BYTES);
            byte[] buf = new byte[(int) (len - start)];
            raf.seek(start);
            raf.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8);
            if (start > 0) {
                int nl = text.indexOf('\n');
                text = "...\n" + (nl >= 0 ? text.substring(nl + 1) : text);
            }
            return "--- " + file + " ---\n" + text.stripTrailing();
        } catch (IOException e) {
            return "--- " + file + " unreadable: " + e.getMessage() + " ---";
        }
    }

    /** Deletes a directory tree, tolerating files that vanish meanwhile (the server removes some). */
    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (exc != null && !(exc instanceof NoSuchFileException)) {
                        throw exc;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
