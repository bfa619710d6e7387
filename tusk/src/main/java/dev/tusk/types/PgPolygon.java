package dev.tusk.types;

import java.util.List;

/**
 * A PostgreSQL {@code polygon}: its vertices in order. {@code polygon} columns load as this
 * record, and it dumps as {@code polygon}.
 *
 * <pre>{@code
 * PgPolygon triangle = PgPolygon.of(new PgPoint(0, 0), new PgPoint(1, 0), new PgPoint(0, 1));
 * triangle.toString();   // "((0,0),(1,0),(0,1))"
 * }</pre>
 *
 * @param points the vertices, at least one (an unmodifiable copy is kept)
 */
public record PgPolygon(List<PgPoint> points) {

    /**
     * Creates the polygon.
     *
     * @param points the vertices: at least one, no {@code null}s
     * @throws IllegalArgumentException if there are no points, which PostgreSQL rejects
     */
    public PgPolygon {
        points = GeometricCodecs.nonEmpty(points, "polygon");
    }

    /**
     * A polygon of the given vertices.
     *
     * @param points the vertices, at least one
     * @return the polygon
     */
    public static PgPolygon of(PgPoint... points) {
        return new PgPolygon(List.of(points));
    }

    /**
     * Parses the text form {@code ((x1,y1),...)}, with optional spaces.
     *
     * @param text the text
     * @return the polygon
     * @throws dev.tusk.errors.DataException if the text is not a polygon in that form
     */
    public static PgPolygon parse(CharSequence text) {
        return GeometricCodecs.parse(text, "polygon", GeometricCodecs::readPolygon);
    }

    /**
     * The text form as PostgreSQL writes it: {@code ((0,0),(1,0),(0,1))}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return GeometricCodecs.join(points, '(', ')');
    }
}
