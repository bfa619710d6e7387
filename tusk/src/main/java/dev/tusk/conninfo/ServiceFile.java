package dev.tusk.conninfo;

import dev.tusk.errors.OperationalException;
import dev.tusk.errors.ProgrammingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a connection service from {@code pg_service.conf}-style files: {@code [name]}
 * sections of {@code key=value} lines, {@code #} comments. The per-user file is searched
 * before the system one; the first that defines the service wins.
 */
final class ServiceFile {
    private ServiceFile() {
    }

    static Map<String, String> lookup(String service, List<Path> files) {
        for (Path file : files) {
            if (file == null || !Files.isRegularFile(file)) {
                continue;
            }
            Map<String, String> found = read(file, service);
            if (found != null) {
                return found;
            }
        }
        throw new ProgrammingException("definition of service \"" + service + "\" not found");
    }

    private static Map<String, String> read(Path file, String service) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new OperationalException("service file \"" + file + "\" could not be read: " + e.getMessage(), e);
        }
        Map<String, String> out = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (out != null) {
                    return out;
                }
                if (line.equals("[" + service + "]")) {
                    out = new LinkedHashMap<>();
                }
                continue;
            }
            if (out == null) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ProgrammingException("syntax error in service file \"" + file + "\", line " + (n + 1));
            }
            String key = line.substring(0, eq).strip();
            if (!Keywords.isKnown(key) || key.equals("service")) {
                throw new ProgrammingException("syntax error in service file \"" + file + "\", line " + (n + 1)
                        + ": invalid connection option \"" + key + "\"");
            }
            out.put(key, line.substring(eq + 1).strip());
        }
        return out;
    }
}
