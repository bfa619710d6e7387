package dev.tusk.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DataException;
import dev.tusk.testing.Dsn;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code point}, {@code line}, {@code lseg}, {@code box}, {@code path}, {@code polygon}, {@code circle} against the real server. */
class GeometricTypesTest extends ScalarServerTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    GeometricTypesTest(@Dsn String dsn) {
        super(dsn);
    }

    private static PgPoint p(double x, double y) {
        return new PgPoint(x, y);
    }

    @Test
    void floatsAreWrittenAsTheServerWritesThem() {
        double[] values = {0, -0.0, 1, -1, 1.5, 0.1, 1e15, 1e14, 123456789012345.0, 1e-4, 1e-5, 1.5e300, 1e100,
            Double.MIN_VALUE, Double.MAX_VALUE, -Double.MIN_NORMAL, 2e-3, 1e23, 9007199254740993.0, NAN, INF, -INF};
        for (double v : values) {
            assertThat(select("format('%%s', " + NumberCodecs.quoteDouble(v, "float8") + ")"))
                    .as("%s", v).containsOnly(Float8Text.format(v));
        }
        assertThat(Float8Text.format(1e15)).isEqualTo("1e+15");
        assertThat(Float8Text.format(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(Float8Text.format(-0.0)).isEqualTo("-0");
    }

    @Test
    void eachTypeComesBackEqual() {
        Object[][] cases = {
            {"point", p(1.5, 2), "(1.5,2)"},
            {"point", p(NAN, -INF), "(NaN,-Infinity)"},
            {"point", p(-0.0, 1e100), "(-0,1e+100)"},
            {"line", new PgLine(1, -1, 0), "{1,-1,0}"},
            {"line", new PgLine(INF, 0, NAN), "{Infinity,0,NaN}"},
            {"lseg", new PgLseg(p(0, 0), p(1, 1)), "[(0,0),(1,1)]"},
            {"box", new PgBox(p(3, 4), p(1, 2)), "(3,4),(1,2)"},
            {"box", new PgBox(p(1, NAN), p(2, 3)), "(2,NaN),(1,3)"},
            {"path", PgPath.open(p(1, 2), p(3, 4)), "[(1,2),(3,4)]"},
            {"path", PgPath.closed(p(1, 2), p(3, 4)), "((1,2),(3,4))"},
            {"path", PgPath.open(p(1, 2)), "[(1,2)]"},
            {"polygon", PgPolygon.of(p(0, 0), p(1, 0), p(0, 1)), "((0,0),(1,0),(0,1))"},
            {"polygon", PgPolygon.of(p(INF, NAN)), "((Infinity,NaN))"},
            {"circle", new PgCircle(p(1, 2), 3), "<(1,2),3>"},
            {"circle", new PgCircle(p(0, 0), NAN), "<(0,0),NaN>"},
        };
        for (Object[] c : cases) {
            String type = (String) c[0];
            assertThat(c[1].toString()).isEqualTo(c[2]);
            assertEcho(type, c[1]);
            // %t sends the text form instead of the binary one
            assertThat(firstColumn("SELECT %t", c[1])).as("%s as text", c[2]).containsOnly(c[1]);
            assertThat(select("'" + c[2] + "'::" + type)).as("%s", c[2]).containsOnly(c[1]);
            assertThat(text.cursor().mogrify("%s", c[1])).isEqualTo("'" + c[2] + "'::" + type);
        }
    }

    @Test
    void boxCornersAreOrderedAsTheServerOrdersThem() {
        PgBox b = new PgBox(p(1, 4), p(3, 2));
        assertThat(b.high()).isEqualTo(p(3, 4));
        assertThat(b.low()).isEqualTo(p(1, 2));
        assertThat(new PgBox(p(-0.0, 1), p(0, 0)).high()).isEqualTo(p(-0.0, 1));
        assertThat(new PgBox(p(0, 1), p(-0.0, 0)).high()).isEqualTo(p(0, 1));
        for (String s : List.of("(1,4),(3,2)", "(0,1),(-0,0)", "(-0,1),(0,0)", "(NaN,1),(2,NaN)", "(1,2),(NaN,NaN)")) {
            assertThat(select("'" + s + "'::box")).as(s).containsOnly(PgBox.parse(s));
        }
    }

    @Test
    void textInputMayHaveSpaces() {
        assertThat(PgPoint.parse(" ( 1 , 2 ) ")).isEqualTo(p(1, 2));
        assertThat(PgPath.parse(" [ ( 1 , 2 ) , (3,4) ] ")).isEqualTo(PgPath.open(p(1, 2), p(3, 4)));
        assertThat(PgCircle.parse("< (1,2) , 3 >")).isEqualTo(new PgCircle(p(1, 2), 3));
        assertThat(PgLine.parse("{ 1, 2, 3 }")).isEqualTo(new PgLine(1, 2, 3));
        assertThat(PgPoint.parse("(inf,-Infinity)")).isEqualTo(p(INF, -INF));
        assertThat(PgLseg.parse("[(1,2),(3,4)]")).isEqualTo(new PgLseg(p(1, 2), p(3, 4)));
        assertThat(PgPolygon.parse("((1,2))")).isEqualTo(PgPolygon.of(p(1, 2)));
    }

    @Test
    void malformedTextAndValuesAreRefused() {
        for (String s : List.of("", "(1,2", "1,2", "(1,2))", "(1;2)", "(1,2,3)", "(a,2)", "(1,,2)", "(1,2)x")) {
            assertThatThrownBy(() -> PgPoint.parse(s)).as(s).isInstanceOf(DataException.class)
                    .hasMessageContaining("point");
        }
        assertThatThrownBy(() -> PgPath.parse("[]")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> PgPath.parse("[(1,2))")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> PgPolygon.parse("[(1,2)]")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> PgCircle.parse("<(1,2),-1>")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> new PgCircle(p(0, 0), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PgPath(List.of(), false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PgPolygon(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Codec.binary(Oids.PATH, "00 00000002 " + "00".repeat(16)))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Codec.binary(Oids.POLYGON, "00000000")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Codec.binary(Oids.POINT, "00".repeat(15))).isInstanceOf(DataException.class);
    }

    @Test
    void binaryForms() {
        String one = "3ff0000000000000";
        String two = "4000000000000000";
        assertThat(Codec.dumpHex(p(1, 2))).isEqualTo(one + two);
        assertThat(Codec.dumpHex(PgPath.closed(p(1, 2)))).isEqualTo("01" + "00000001" + one + two);
        assertThat(Codec.dumpHex(PgPolygon.of(p(1, 2)))).isEqualTo("00000001" + one + two);
        assertThat(Codec.dumpHex(new PgCircle(p(1, 1), 2))).isEqualTo(one + one + two);
        assertThat(Codec.binary(Oids.BOX, one + one + two + two)).isEqualTo(new PgBox(p(2, 2), p(1, 1)));
        for (Object v : List.of(new PgLine(1, 2, 3), new PgLseg(p(1, 2), p(3, 4)), PgPath.open(p(1, 2), p(-0.0, NAN)))) {
            assertThat(Codec.roundTrip(v)).isEqualTo(v);
        }
    }

    @Test
    void nullsLoadAsNull() {
        for (String type : List.of("point", "line", "lseg", "box", "path", "polygon", "circle")) {
            assertThat(select("NULL::" + type)).containsOnlyNulls();
            assertThat(firstColumn("SELECT %s::" + type, (Object) null)).containsOnlyNulls();
        }
    }

    // ---- differential ----

    /** Every kind of double: special values, small fractions, integers, any bit pattern. */
    private static double randomDouble(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> new double[] {0, -0.0, NAN, INF, -INF, Double.MIN_VALUE, Double.MAX_VALUE, 1e15}[r.nextInt(8)];
            case 1 -> (r.nextInt(2001) - 1000) / 8.0;
            case 2 -> r.nextInt();
            case 3, 4 -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
            default -> {
                double d = Double.longBitsToDouble(r.nextLong());
                yield Double.isNaN(d) ? NAN : d;
            }
        };
    }

    private static PgPoint randomPoint(Random r) {
        return new PgPoint(randomDouble(r), randomDouble(r));
    }

    private static List<PgPoint> randomPoints(Random r) {
        List<PgPoint> points = new ArrayList<>();
        for (int i = r.nextInt(6); i >= 0; i--) {
            points.add(randomPoint(r));
        }
        return points;
    }

    @Test
    void randomValuesAgreeWithTheServer() {
        differential("point", Oids.POINT, random(5000, 1, GeometricTypesTest::randomPoint), v -> v, true);
        differential("line", Oids.LINE, random(5000, 2, r -> {
            double a = randomDouble(r);
            double b = randomDouble(r);
            // the server refuses A and B both within 1e-6 of zero
            return new PgLine(Math.abs(a) <= 1e-6 && Math.abs(b) <= 1e-6 ? 1 : a, b, randomDouble(r));
        }), v -> v, true);
        differential("lseg", Oids.LSEG, random(5000, 3, r -> new PgLseg(randomPoint(r), randomPoint(r))), v -> v, true);
        differential("box", Oids.BOX, random(5000, 4, r -> new PgBox(randomPoint(r), randomPoint(r))), v -> v, true);
        differential("path", Oids.PATH, random(5000, 5, r -> new PgPath(randomPoints(r), r.nextBoolean())), v -> v, true);
        differential("polygon", Oids.POLYGON, random(5000, 6, r -> new PgPolygon(randomPoints(r))), v -> v, true);
        differential("circle", Oids.CIRCLE, random(5000, 7, r -> new PgCircle(randomPoint(r), Math.abs(randomDouble(r)))),
                v -> v, true);
    }
}
