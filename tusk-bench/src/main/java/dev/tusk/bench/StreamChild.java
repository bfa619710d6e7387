package dev.tusk.bench;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The child JVM of scenario 6: streams one query with one driver and prints one result line
 * that {@link ChildJvm} reads back.
 */
public final class StreamChild {
    private static final Pattern RESULT = Pattern.compile("^RESULT rows=(\\d+) nanos=(\\d+) peakRss=(-?\\d+)$", Pattern.MULTILINE);

    private StreamChild() {
    }

    /**
     * Streams and reports.
     *
     * @param args the driver's name, the DSN, the query
     * @throws Exception whatever the driver throws: the parent prints it
     */
    public static void main(String[] args) throws Exception {
        Driver driver = Drivers.byName(args[0]);
        long rows;
        long nanos;
        try {
            long start = System.nanoTime();
            rows = driver.stream(Target.parse("stream", args[1]), args[2]);
            nanos = System.nanoTime() - start;
        } finally {
            driver.close();
        }
        System.out.println("RESULT rows=" + rows + " nanos=" + nanos + " peakRss=" + ChildJvm.peakRss());
        System.out.flush();
        // Drivers may leave non-daemon threads behind; the measurement is done.
        System.exit(0);
    }

    /**
     * Reads the result line out of the child's output.
     *
     * @param out everything the child printed
     * @return the sample, with the peak RSS
     * @throws IOException if there is no result line
     */
    static Sample parse(String out) throws IOException {
        Matcher m = RESULT.matcher(out);
        if (!m.find()) {
            throw new IOException("no RESULT line in the streaming JVM's output:\n" + out);
        }
        return new Sample(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), -1, Long.parseLong(m.group(3)));
    }
}
