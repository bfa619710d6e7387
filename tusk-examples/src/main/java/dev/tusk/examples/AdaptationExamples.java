package dev.tusk.examples;

import dev.tusk.Connection;
import dev.tusk.Cursor;
import dev.tusk.Row;
import dev.tusk.errors.InterfaceException;
import dev.tusk.types.Adapters;
import dev.tusk.types.Dumper;
import dev.tusk.types.Loader;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seed 003's "Adapting new Python types to SQL syntax" and "Type casting of SQL types into
 * Python objects", in Java: a {@code Point} class, its adapter ({@code register_adapter}), its
 * caster by OID ({@code new_type} + {@code register_type}), with the OID read from the cursor
 * description or from the catalog — at each of the three scopes: global, connection, cursor.
 */
public final class AdaptationExamples {
    private AdaptationExamples() {
    }

    /**
     * The seed's class:
     * <pre>
     * class Point(object):
     *     def __init__(self, x, y):
     *         self.x = x
     *         self.y = y
     * </pre>
     */
    public static final class Point {
        /** The x coordinate. */
        public final double x;
        /** The y coordinate. */
        public final double y;

        /**
         * A point.
         *
         * @param x the x coordinate
         * @param y the y coordinate
         */
        public Point(double x, double y) {
            this.x = x;
            this.y = y;
        }
    }

    /** Where the adapter and the caster are registered. */
    public enum Scope {
        /** {@code Adapters.global()}: every connection made afterwards. */
        GLOBAL,
        /** {@code conn.adapters()}: the connection and its cursors. */
        CONNECTION,
        /** {@code cur.adapters()}: that cursor only. */
        CURSOR
    }

    /**
     * The adapter:
     * <pre>
     * def adapt_point(point):
     *     return AsIs("'(%s, %s)'" % (adapt(point.x), adapt(point.y)))
     * register_adapter(Point, adapt_point)
     * </pre>
     * Tusk sends parameters out of band, so the dumper gives the value's text form and the
     * type ({@code point}, OID 600); {@code mogrify} shows the literal the seed's adapter built.
     */
    static final Dumper<Point> ADAPT_POINT = Dumper.text(600, point -> "(" + point.x + ", " + point.y + ")");

    private static final Pattern POINT = Pattern.compile("\\(([^)]+),([^)]+)\\)");

    /**
     * The caster:
     * <pre>
     * def cast_point(value, cur):
     *     if value is None:
     *         return None
     *     m = re.match(r"\(([^)]+),([^)]+)\)", value)
     *     if m:
     *         return Point(float(m.group(1)), float(m.group(2)))
     *     else:
     *         raise InterfaceError("bad point representation: %r" % value)
     * </pre>
     * A loader is never called with NULL: NULL loads as {@code null} without it.
     *
     * @param value the text form of a {@code point}
     * @return the point
     */
    static Point castPoint(String value) {
        Matcher m = POINT.matcher(value);
        if (m.matches()) {
            return new Point(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
        }
        throw new InterfaceException("bad point representation: '" + value + "'");
    }

    /**
     * The whole seed at one scope: registers the adapter, inserts {@code Point(1.23, 4.56)}, finds
     * the OID of {@code point} both ways, registers the caster, and reads
     * {@code '(10.2,20.3)'::point} back as a {@code Point}. A registration reaches the scope it
     * is made in and those copied from it afterwards, so a global one is seen by connections
     * made after it, a connection one by cursors made after it.
     *
     * @param dsn   where to connect
     * @param scope where to register
     * @return what the seed shows: the SQL command, both OIDs, and {@code point.x}, {@code point.y}
     */
    public static Map<String, Object> run(String dsn, Scope scope) {
        if (scope == Scope.GLOBAL) {
            Adapters.global().register(Point.class, ADAPT_POINT);
        }
        try (Connection conn = Connection.connect(dsn)) {
            if (scope == Scope.CONNECTION) {
                conn.adapters().register(Point.class, ADAPT_POINT);
            }
            Cursor<Row> cur = conn.cursor();
            if (scope == Scope.CURSOR) {
                cur.adapters().register(Point.class, ADAPT_POINT);
            }
            cur.execute("CREATE TEMP TABLE atable (apoint point)");
            String command = cur.mogrify("INSERT INTO atable (apoint) VALUES (%s)", new Point(1.23, 4.56));
            cur.execute("INSERT INTO atable (apoint) VALUES (%s)", new Point(1.23, 4.56));

            cur.execute("SELECT NULL::point");
            int pointOid = cur.description().get(0).typeCode();
            cur.execute("""
                    SELECT pg_type.oid
                      FROM pg_type JOIN pg_namespace
                             ON typnamespace = pg_namespace.oid
                     WHERE typname = %(typename)s
                       AND nspname = %(namespace)s""", Map.of("typename", "point", "namespace", "pg_catalog"));
            long catalogOid = (Long) cur.fetchOne().get(0);

            Loader<Point> castPoint = Loader.text(AdaptationExamples::castPoint);
            Point point;
            switch (scope) {
                case GLOBAL -> {
                    Adapters.global().registerLoader(pointOid, castPoint);
                    try (Connection later = Connection.connect(dsn)) {
                        point = (Point) later.execute("SELECT '(10.2,20.3)'::point").fetchOne().get(0);
                    }
                }
                case CONNECTION -> {
                    conn.adapters().registerLoader(pointOid, castPoint);
                    point = (Point) conn.execute("SELECT '(10.2,20.3)'::point").fetchOne().get(0);
                }
                default -> {
                    cur.adapters().registerLoader(pointOid, castPoint);
                    cur.execute("SELECT '(10.2,20.3)'::point");
                    point = (Point) cur.fetchOne().get(0);
                }
            }
            cur.execute("SELECT apoint::text FROM atable");
            return Map.of("command", command, "oid from description", pointOid, "oid from catalog", catalogOid,
                    "stored", cur.fetchOne().get(0), "point.x", point.x, "point.y", point.y);
        }
    }
}
