package dev.tusk.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;

/**
 * Captures what one logger records, for tests of log output. {@link System.Logger} goes to
 * {@code java.util.logging} when no other {@code LoggerFinder} is installed (as in Tusk's
 * tests), so the capture is a JUL handler on the logger of that name; closing it removes the
 * handler and restores the logger's level.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of("dev.tusk.sql", System.Logger.Level.INFO)) {
 *     conn.execute("SELECT 1");
 *     assertThat(log.lines()).containsExactly("INFO SELECT 1");
 * }
 * }</pre>
 *
 * Its API speaks {@link System.Logger.Level}, so that tests inside a module that does not
 * read {@code java.logging} can use it. Records from every thread are kept (an asynchronous
 * connection logs on its loop thread).
 */
public final class LogCapture implements AutoCloseable {
    private static final SimpleFormatter FORMATTER = new SimpleFormatter();

    // Held strongly: JUL keeps loggers only weakly, and a collected one would lose its level.
    private final Logger logger;
    private final Level savedLevel;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /**
     * One captured record.
     *
     * @param level   its level, as {@link System.Logger} names it
     * @param message the formatted message
     * @param thrown  the throwable logged with it, or {@code null}
     */
    public record Entry(System.Logger.Level level, String message, Throwable thrown) {
        /** The entry as {@code "LEVEL message"}. */
        @Override
        public String toString() {
            return level.getName() + " " + message;
        }
    }

    private LogCapture(String name, System.Logger.Level level) {
        this.logger = Logger.getLogger(name);
        this.savedLevel = logger.getLevel();
        logger.setLevel(julLevel(level));
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /**
     * Starts capturing the records of logger {@code name} (and of its children) at
     * {@code level} and above.
     *
     * @param name  the logger name, e.g. {@code dev.tusk.sql}
     * @param level the lowest level recorded
     * @return the capture, to close when done
     */
    public static LogCapture of(String name, System.Logger.Level level) {
        return new LogCapture(name, level);
    }

    /**
     * The records so far, oldest first.
     *
     * @return a snapshot
     */
    public List<Entry> entries() {
        return records.stream().map(r -> new Entry(systemLevel(r.getLevel()), FORMATTER.formatMessage(r),
                r.getThrown())).collect(Collectors.toList());
    }

    /**
     * The records so far as {@code "LEVEL message"} lines, e.g. {@code "INFO SELECT 1"} or
     * {@code "DEBUG connected to ..."}, oldest first.
     *
     * @return a snapshot
     */
    public List<String> lines() {
        return entries().stream().map(Entry::toString).collect(Collectors.toList());
    }

    /** {@code System.Logger}'s mapping onto JUL, as the JDK's default backend does it. */
    private static Level julLevel(System.Logger.Level level) {
        return switch (level) {
            case ALL -> Level.ALL;
            case TRACE -> Level.FINER;
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARNING -> Level.WARNING;
            case ERROR -> Level.SEVERE;
            case OFF -> Level.OFF;
        };
    }

    private static System.Logger.Level systemLevel(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return System.Logger.Level.ERROR;
        }
        if (v >= Level.WARNING.intValue()) {
            return System.Logger.Level.WARNING;
        }
        if (v >= Level.CONFIG.intValue()) {
            return System.Logger.Level.INFO;
        }
        return v >= Level.FINE.intValue() ? System.Logger.Level.DEBUG : System.Logger.Level.TRACE;
    }

    /** Stops capturing and restores the logger's level. */
    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(savedLevel);
    }
}
