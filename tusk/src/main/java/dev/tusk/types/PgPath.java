package dev.tusk.types;

import java.util.List;

/**
 * A PostgreSQL {@code path}: a list of points, open (a polyline) or closed (a polygon-like
 * loop). {@code path} columns load as this record, and it dumps as {@code path}.
 *
 * <pre>{@code
 * PgPath open = PgPath.open(new PgPoint(0, 0), new PgPoint(1, 1));
 * open.toString();                                 // "[(0,0),(1,1)]"
 * PgPath.parse("((0,0),(1,0),(1,1))").closed();    // true
 * }</pre>
 *
 * @param points the points, at least one (an unmodifiable copy is kept)
 * @param closed whether the last point connects back to the first
 */
public record PgPath(List<PgPoint> points, boolean closed) {

    /**
     * Creates the path.
     *
     * @param points the points: at least one, no {@code null}s
     * @param closed whether the path is closed
     * @throws IllegalArgumentException if there are no points, which PostgreSQL rejects
     */
    public PgPath {
        points = GeometricCodecs.nonEmpty(points, "path");
    }

    /**
     * An open path, written {@code [(x1,y1),...]}.
     *
     * @param points the points, at least one
     * @return the path
     */
    public static PgPath open(PgPoint... points) {
        return new PgPath(List.of(points), false);
    }

    /**
     * A closed path, written {@code ((x1,y1),...)}.
     *
     * @param points the points, at least one
     * @return the path
     */
    public static PgPath closed(PgPoint... points) {
        return new PgPath(List.of(points), true);
    }

    /**
     * Parses the text form: {@code [(x1,y1),...]} (open) or {@code ((x1,y1),...)} (closed),
     * with optional spaces.
     *
     * @param text the text
     * @return the path
     * @throws dev.tusk.errors.DataException if the text is not a path in those forms
     */
    public static PgPath parse(CharSequence text) {
        return GeometricCodecs.parse(text, "path", GeometricCodecs::readPath);
    }

    /**
     * The text form as PostgreSQL writes it: {@code [(0,0),(1,1)]} or {@code ((0,0),(1,1))}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return GeometricCodecs.join(points, closed ? '(' : '[', closed ? ')' : ']');
    }
}
