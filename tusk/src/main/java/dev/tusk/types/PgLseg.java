package dev.tusk.types;

import java.util.Objects;

/**
 * A PostgreSQL {@code lseg}: the line segment between two points. {@code lseg} columns load as
 * this record, and it dumps as {@code lseg}.
 *
 * <pre>{@code
 * PgLseg s = new PgLseg(new PgPoint(0, 0), new PgPoint(1, 1));
 * s.toString();   // "[(0,0),(1,1)]"
 * }</pre>
 *
 * @param start one end
 * @param end   the other end
 */
public record PgLseg(PgPoint start, PgPoint end) {

    /**
     * Creates the segment.
     *
     * @param start one end, not {@code null}
     * @param end   the other end, not {@code null}
     */
    public PgLseg {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /**
     * Parses the text form {@code [(x1,y1),(x2,y2)]}, with optional spaces.
     *
     * @param text the text
     * @return the segment
     * @throws dev.tusk.errors.DataException if the text is not a segment in that form
     */
    public static PgLseg parse(CharSequence text) {
        return GeometricCodecs.parse(text, "lseg", GeometricCodecs::readLseg);
    }

    /**
     * The text form as PostgreSQL writes it: {@code [(0,0),(1,1)]}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return "[" + start + "," + end + "]";
    }
}
