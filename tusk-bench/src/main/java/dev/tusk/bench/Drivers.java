package dev.tusk.bench;

import java.util.List;

/** The contenders, in the order of the report's columns: Tusk first, the ceiling last. */
final class Drivers {
    private Drivers() {
    }

    /**
     * Every contender.
     *
     * @param pgbench the pgbench for the ceiling column, or null
     * @return Tusk, pgjdbc, Vert.x, the server ceiling
     */
    static List<Driver> all(Pgbench pgbench) {
        return List.of(new TuskDriver(), new PgjdbcDriver(), new VertxDriver(), new ServerCeiling(pgbench));
    }

    /**
     * A driver that can stream, by name, for a child JVM.
     *
     * @param name {@link Driver#name()}
     * @return a new instance
     * @throws IllegalArgumentException for an unknown name
     */
    static Driver byName(String name) {
        return switch (name) {
            case "Tusk" -> new TuskDriver();
            case "pgjdbc" -> new PgjdbcDriver();
            case "Vert.x" -> new VertxDriver();
            default -> throw new IllegalArgumentException("no streaming driver named " + name);
        };
    }
}
