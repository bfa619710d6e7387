package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.util.ArrayList;
import java.util.List;

/**
 * A reader over the text form of a geometric value: punctuation, numbers and points, with
 * spaces allowed between them, as the server's {@code point_in} and friends allow.
 */
final class GeometricText {
    private final byte[] b;
    private final int off;
    private final int end;
    private final String type;
    private int i;

    GeometricText(byte[] b, int off, int len, String type) {
        this.b = b;
        this.off = off;
        this.end = off + len;
        this.type = type;
        this.i = off;
    }

    private void skipSpaces() {
        while (i < end && isSpace(b[i])) {
            i++;
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    /** Consumes {@code c} if it comes next. */
    boolean accept(char c) {
        skipSpaces();
        if (i < end && b[i] == c) {
            i++;
            return true;
        }
        return false;
    }

    void expect(char c) {
        if (!accept(c)) {
            throw bad();
        }
    }

    /** A float8 in any spelling {@code float8in} takes that the number parser knows. */
    double number() {
        skipSpaces();
        int start = i;
        while (i < end && !isSpace(b[i]) && "(),[]{}<>".indexOf(b[i]) < 0) {
            i++;
        }
        if (start == i) {
            throw bad();
        }
        try {
            return NumberCodecs.parseDouble(b, start, i - start, false);
        } catch (DataException e) {
            throw bad();
        }
    }

    /** {@code n} numbers separated by commas. */
    double[] numbers(int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                expect(',');
            }
            v[k] = number();
        }
        return v;
    }

    /** {@code (x,y)}. */
    PgPoint point() {
        expect('(');
        double[] xy = numbers(2);
        expect(')');
        return new PgPoint(xy[0], xy[1]);
    }

    /** {@code n} points separated by commas, or one or more when {@code n} is negative. */
    List<PgPoint> points(int n) {
        List<PgPoint> points = new ArrayList<>();
        do {
            points.add(point());
        } while (points.size() != n && accept(','));
        if (n >= 0 && points.size() != n) {
            throw bad();
        }
        return points;
    }

    /** Fails unless only spaces are left. */
    void end() {
        skipSpaces();
        if (i != end) {
            throw bad();
        }
    }

    DataException bad() {
        return Bytes.bad(type, b, off, end - off);
    }
}
