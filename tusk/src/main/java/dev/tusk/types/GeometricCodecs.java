package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code point}, {@code line}, {@code lseg}, {@code box}, {@code path}, {@code polygon} and
 * {@code circle}: loaders for both formats and binary dumpers. The binary forms are the
 * coordinates as float8s ({@code point_send} and friends); {@code path} starts with a closed
 * flag byte and an int4 point count, {@code polygon} with the count.
 */
final class GeometricCodecs {
    private GeometricCodecs() {
    }

    // ---- text ----

    static <T> T parse(CharSequence text, String type, Function<GeometricText, T> reader) {
        byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
        return read(b, 0, b.length, type, reader);
    }

    private static <T> T read(byte[] b, int off, int len, String type, Function<GeometricText, T> reader) {
        GeometricText t = new GeometricText(b, off, len, type);
        T value;
        try {
            value = reader.apply(t);
        } catch (IllegalArgumentException e) {
            // e.g. a negative radius: a bad value, whether the server or a caller wrote it
            throw t.bad();
        }
        t.end();
        return value;
    }

    private static <T> Loader<T> text(String type, Function<GeometricText, T> reader) {
        return (b, off, len, ctx) -> read(b, off, len, type, reader);
    }

    static PgPoint readPoint(GeometricText t) {
        return t.point();
    }

    static PgLine readLine(GeometricText t) {
        t.expect('{');
        double[] abc = t.numbers(3);
        t.expect('}');
        return new PgLine(abc[0], abc[1], abc[2]);
    }

    static PgLseg readLseg(GeometricText t) {
        t.expect('[');
        List<PgPoint> ends = t.points(2);
        t.expect(']');
        return new PgLseg(ends.get(0), ends.get(1));
    }

    static PgBox readBox(GeometricText t) {
        List<PgPoint> corners = t.points(2);
        return new PgBox(corners.get(0), corners.get(1));
    }

    /** {@code [...]} is open, {@code (...)} closed. */
    static PgPath readPath(GeometricText t) {
        boolean open = t.accept('[');
        if (!open) {
            t.expect('(');
        }
        List<PgPoint> points = t.points(-1);
        t.expect(open ? ']' : ')');
        return new PgPath(points, !open);
    }

    static PgPolygon readPolygon(GeometricText t) {
        t.expect('(');
        PgPolygon polygon = new PgPolygon(t.points(-1));
        t.expect(')');
        return polygon;
    }

    static PgCircle readCircle(GeometricText t) {
        t.expect('<');
        PgPoint center = t.point();
        t.expect(',');
        double radius = t.number();
        t.expect('>');
        return new PgCircle(center, radius);
    }

    /** {@code (p1,p2,...)} or {@code [p1,p2,...]}. */
    static String join(List<PgPoint> points, char open, char close) {
        StringBuilder sb = new StringBuilder(points.size() * 8 + 2).append(open);
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(points.get(i));
        }
        return sb.append(close).toString();
    }

    static List<PgPoint> nonEmpty(List<PgPoint> points, String type) {
        List<PgPoint> copy = List.copyOf(points);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a " + type + " needs at least one point");
        }
        return copy;
    }

    static final Loader<PgPoint> POINT_TEXT = text("point", GeometricCodecs::readPoint);
    static final Loader<PgLine> LINE_TEXT = text("line", GeometricCodecs::readLine);
    static final Loader<PgLseg> LSEG_TEXT = text("lseg", GeometricCodecs::readLseg);
    static final Loader<PgBox> BOX_TEXT = text("box", GeometricCodecs::readBox);
    static final Loader<PgPath> PATH_TEXT = text("path", GeometricCodecs::readPath);
    static final Loader<PgPolygon> POLYGON_TEXT = text("polygon", GeometricCodecs::readPolygon);
    static final Loader<PgCircle> CIRCLE_TEXT = text("circle", GeometricCodecs::readCircle);

    // ---- binary ----

    private static double float8(byte[] b, int off) {
        return Double.longBitsToDouble(Bytes.getLong(b, off));
    }

    private static PgPoint point(byte[] b, int off) {
        return new PgPoint(float8(b, off), float8(b, off + 8));
    }

    /** The points (at least one, as the server allows) after a header that ends with their int4 count. */
    private static List<PgPoint> points(byte[] b, int off, int len, int header, String type) {
        if (len < header) {
            Bytes.expectLength(len, header, type);
        }
        int n = Bytes.getInt(b, off + header - 4);
        if (n < 1 || n > (len - header) / 16) {
            throw new DataException("bad " + type + " binary value: " + n + " points in "
                    + len + " bytes");
        }
        Bytes.expectLength(len, header + 16 * n, type);
        List<PgPoint> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            points.add(point(b, off + header + 16 * i));
        }
        return points;
    }

    static final Loader<PgPoint> POINT_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 16, "point");
        return point(b, off);
    };

    static final Loader<PgLine> LINE_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 24, "line");
        return new PgLine(float8(b, off), float8(b, off + 8), float8(b, off + 16));
    };

    static final Loader<PgLseg> LSEG_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 32, "lseg");
        return new PgLseg(point(b, off), point(b, off + 16));
    };

    static final Loader<PgBox> BOX_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 32, "box");
        return new PgBox(point(b, off), point(b, off + 16));
    };

    static final Loader<PgPath> PATH_BINARY = (b, off, len, ctx) ->
            new PgPath(points(b, off, len, 5, "path"), b[off] != 0);

    static final Loader<PgPolygon> POLYGON_BINARY = (b, off, len, ctx) ->
            new PgPolygon(points(b, off, len, 4, "polygon"));

    static final Loader<PgCircle> CIRCLE_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 24, "circle");
        double radius = float8(b, off + 16);
        if (radius < 0) {
            throw new DataException("bad circle binary value: negative radius " + radius);
        }
        return new PgCircle(point(b, off), radius);
    };

    // ---- dumpers ----

    private static void writeFloat8(ByteSink out, double v) {
        out.writeLong(Double.doubleToRawLongBits(v));
    }

    private static void writePoint(ByteSink out, PgPoint p) {
        writeFloat8(out, p.x());
        writeFloat8(out, p.y());
    }

    private static void writePoints(ByteSink out, List<PgPoint> points) {
        out.writeInt(points.size());
        for (PgPoint p : points) {
            writePoint(out, p);
        }
    }

    static final Dumper<PgPoint> POINT_DUMPER = SimpleDumper.binary(Oids.POINT, (v, out) -> writePoint(out, v));

    static final Dumper<PgLine> LINE_DUMPER = SimpleDumper.binary(Oids.LINE, (v, out) -> {
        writeFloat8(out, v.a());
        writeFloat8(out, v.b());
        writeFloat8(out, v.c());
    });

    static final Dumper<PgLseg> LSEG_DUMPER = SimpleDumper.binary(Oids.LSEG, (v, out) -> {
        writePoint(out, v.start());
        writePoint(out, v.end());
    });

    static final Dumper<PgBox> BOX_DUMPER = SimpleDumper.binary(Oids.BOX, (v, out) -> {
        writePoint(out, v.high());
        writePoint(out, v.low());
    });

    static final Dumper<PgPath> PATH_DUMPER = SimpleDumper.binary(Oids.PATH, (v, out) -> {
        out.writeByte(v.closed() ? 1 : 0);
        writePoints(out, v.points());
    });

    static final Dumper<PgPolygon> POLYGON_DUMPER = SimpleDumper.binary(Oids.POLYGON,
            (v, out) -> writePoints(out, v.points()));

    static final Dumper<PgCircle> CIRCLE_DUMPER = SimpleDumper.binary(Oids.CIRCLE, (v, out) -> {
        writePoint(out, v.center());
        writeFloat8(out, v.radius());
    });
}
