package dev.tusk.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.ProgrammingException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AdaptersTest {

    record Point(double x, double y) {
        static Point parse(String s) {
            String[] p = s.substring(1, s.length() - 1).split(",");
            return new Point(Double.parseDouble(p[0]), Double.parseDouble(p[1]));
        }
    }

    static class Base {
    }

    static class Derived extends Base {
    }

    interface Shape {
    }

    interface Polygon extends Shape {
    }

    static class Square implements Polygon {
    }

    static class Unknown {
    }

    enum Color { RED, GREEN { @Override public String toString() { return "green!"; } } }

    private static final Dumper<Point> POINT = Dumper.text(600, p -> "(" + p.x() + "," + p.y() + ")");

    @Test
    void registerDumperAndLoaderForPoint() {
        Adapters a = Adapters.global().copy();
        a.register(Point.class, POINT);
        a.registerLoader(600, Loader.text(Point::parse));

        Dumper<Object> d = a.dumperFor(new Point(1.5, 2));
        assertThat(d.oid()).isEqualTo(600);
        assertThat(d.format()).isEqualTo(Format.TEXT);
        ByteSink sink = new ByteSink();
        d.dump(new Point(1.5, 2), sink);
        assertThat(new String(sink.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("(1.5,2.0)");
        assertThat(d.quote(new Point(1.5, 2))).isEqualTo("'(1.5,2.0)'::point");

        byte[] text = "(3.0,4.0)".getBytes(StandardCharsets.UTF_8);
        assertThat(a.loader(600, Format.TEXT).load(text, 0, text.length, LoadContext.UTC))
                .isEqualTo(new Point(3, 4));
        assertThat(a.hasBinaryLoader(600)).isFalse();
        assertThat(a.hasLoader(600, Format.TEXT)).isTrue();
    }

    @Test
    void childRegistrationsDoNotLeakUpward() {
        Adapters global = Adapters.global();
        Adapters conn = global.copy();
        Adapters cur = conn.copy();
        cur.register(Point.class, POINT);
        Loader<Point> pointLoader = Loader.text(Point::parse);
        cur.registerLoader(600, pointLoader);
        assertThat(cur.dumperFor(new Point(0, 0))).isSameAs(POINT);
        assertThatThrownBy(() -> conn.dumperFor(new Point(0, 0))).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> global.dumperFor(new Point(0, 0))).isInstanceOf(ProgrammingException.class);
        assertThat(cur.loader(600, Format.TEXT)).isSameAs(pointLoader);
        assertThat(conn.loader(600, Format.TEXT)).isNotSameAs(pointLoader);   // still the built-in PgPoint one
        assertThat(global.loader(600, Format.TEXT)).isNotSameAs(pointLoader);
    }

    @Test
    void parentRegistrationsAfterCopyDoNotAffectChildButLaterCopies() {
        Adapters conn = Adapters.global().copy();
        Adapters before = conn.copy();
        conn.register(Point.class, POINT);
        Loader<String> bin = (b, o, l, c) -> "bin";
        conn.registerLoader(600, Format.BINARY, bin);
        Adapters after = conn.copy();

        assertThatThrownBy(() -> before.dumperFor(new Point(0, 0))).isInstanceOf(ProgrammingException.class);
        assertThat(before.loader(600, Format.BINARY)).isNotSameAs(bin);
        assertThat(after.dumperFor(new Point(0, 0))).isSameAs(POINT);
        assertThat(after.loader(600, Format.BINARY)).isSameAs(bin);

        // overriding in a grandchild leaves the child as it was
        Adapters grandchild = after.copy();
        Dumper<Point> other = Dumper.text(0, p -> "x");
        grandchild.register(Point.class, other);
        assertThat(grandchild.dumperFor(new Point(0, 0))).isSameAs(other);
        assertThat(after.dumperFor(new Point(0, 0))).isSameAs(POINT);
    }

    @Test
    void childOverridesBuiltinLoader() {
        Adapters a = Adapters.global().copy();
        a.registerLoader(Oids.INT4, Format.BINARY, (b, o, l, c) -> "custom");
        assertThat(a.loader(Oids.INT4, Format.BINARY).load(Codec.hex("0000002a"), 0, 4, LoadContext.UTC))
                .isEqualTo("custom");
        assertThat(Codec.binary(Oids.INT4, "0000002a")).isEqualTo(42);
    }

    @Test
    void textLoaderReplacesBinaryLoaderInItsScope() {
        Adapters a = Adapters.global().copy();
        a.registerLoader(Oids.NUMERIC, Loader.text(Double::valueOf));
        assertThat(a.hasBinaryLoader(Oids.NUMERIC)).isFalse();
        assertThat(Adapters.global().hasBinaryLoader(Oids.NUMERIC)).isTrue();
        byte[] b = "1.5".getBytes(StandardCharsets.UTF_8);
        assertThat(a.loader(Oids.NUMERIC, Format.TEXT).load(b, 0, b.length, LoadContext.UTC)).isEqualTo(1.5);
        // binary registered afterwards comes back
        a.registerLoader(Oids.NUMERIC, Format.BINARY, (buf, o, l, c) -> 0.0);
        assertThat(a.hasBinaryLoader(Oids.NUMERIC)).isTrue();
        assertThat(a.hasLoader(Oids.NUMERIC, Format.TEXT)).isTrue();
    }

    @Test
    void lookupWalksSuperclassesThenInterfaces() {
        Adapters a = Adapters.global().copy();
        Dumper<Base> base = Dumper.text(0, x -> "base");
        Dumper<Shape> shape = Dumper.text(0, x -> "shape");
        a.register(Base.class, base);
        a.register(Shape.class, shape);
        assertThat(a.dumperFor(new Derived())).isSameAs(base);
        assertThat(a.dumperFor(new Square())).isSameAs(shape); // via Polygon's superinterface
        assertThat(a.dumperFor(new Square())).isSameAs(shape); // cached

        // a more specific registration later replaces the cached lookup
        Dumper<Derived> derived = Dumper.text(0, x -> "derived");
        a.register(Derived.class, derived);
        assertThat(a.dumperFor(new Derived())).isSameAs(derived);
        assertThat(a.dumperFor(new Base())).isSameAs(base);
    }

    @Test
    void superclassWinsOverInterface() {
        class Both extends Base implements Shape {
        }
        Adapters a = Adapters.global().copy();
        Dumper<Base> base = Dumper.text(0, x -> "base");
        a.register(Base.class, base);
        a.register(Shape.class, Dumper.text(0, x -> "shape"));
        assertThat(a.dumperFor(new Both())).isSameAs(base);
    }

    @Test
    void interfaceRegisteredForJdkType() {
        Adapters a = Adapters.global().copy();
        Dumper<CharSequence> cs = Dumper.text(Oids.TEXT, Object::toString);
        a.register(CharSequence.class, cs);
        assertThat(a.dumperFor(new StringBuilder("x"))).isSameAs(cs);
        assertThat(a.dumperFor("x").oid()).isEqualTo(0); // String's own dumper is nearer
        assertThatThrownBy(() -> Adapters.global().dumperFor(new StringBuilder())).isInstanceOf(ProgrammingException.class);
        a.register(Serializable.class, Dumper.text(0, Object::toString));
        assertThat(a.dumperFor(new HashMap<>()).format()).isEqualTo(Format.TEXT);
    }

    @Test
    void cannotAdaptUnknownType() {
        assertThatThrownBy(() -> Adapters.global().dumperFor(new Unknown()))
                .isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("cannot adapt type 'dev.tusk.types.AdaptersTest$Unknown'");
        assertThatThrownBy(() -> Adapters.global().dumperFor(Set.of()))
                .isInstanceOf(ProgrammingException.class);
    }

    @Test
    void enumsDumpTheirNameAsText() {
        Dumper<Object> d = Adapters.global().dumperFor(Color.RED);
        assertThat(d.oid()).isZero();
        assertThat(d.format()).isEqualTo(Format.TEXT);
        assertThat(Codec.dump(Color.RED)).asString(StandardCharsets.UTF_8).isEqualTo("RED");
        // constant with a body: an anonymous subclass of the enum
        assertThat(Codec.dump(Color.GREEN)).asString(StandardCharsets.UTF_8).isEqualTo("GREEN");
        assertThat(Codec.quote(Color.GREEN)).isEqualTo("'GREEN'");

        Adapters a = Adapters.global().copy();
        a.register(Color.class, Dumper.text(0, c -> c.name().toLowerCase()));
        assertThat(a.dumperFor(Color.GREEN).quote(Color.GREEN)).isEqualTo("'green'");
    }

    @Test
    void unknownOidLoadsAsStringOrBytes() {
        Adapters a = Adapters.global();
        int tid = 27;
        byte[] b = "(1,2)".getBytes(StandardCharsets.UTF_8);
        assertThat(a.loader(tid, Format.TEXT).load(b, 0, b.length, LoadContext.UTC)).isEqualTo("(1,2)");
        assertThat(Codec.text(123456, "héllo")).isEqualTo("héllo");
        assertThat(a.hasBinaryLoader(tid)).isFalse();
        assertThat(a.hasBinaryLoader(Oids.INT4)).isTrue();
        assertThat((byte[]) a.loader(tid, Format.BINARY).load(b, 1, 2, LoadContext.UTC)).containsExactly('1', ',');
    }

    @Test
    void everyBuiltinOidHasBothLoaders() {
        int[] oids = {Oids.BOOL, Oids.BYTEA, Oids.CHAR, Oids.NAME, Oids.INT8, Oids.INT2, Oids.INT4,
            Oids.TEXT, Oids.OID, Oids.JSON, Oids.FLOAT4, Oids.FLOAT8, Oids.UNKNOWN, Oids.BPCHAR,
            Oids.VARCHAR, Oids.DATE, Oids.TIME, Oids.TIMESTAMP, Oids.TIMESTAMPTZ, Oids.INTERVAL,
            Oids.TIMETZ, Oids.NUMERIC, Oids.UUID, Oids.JSONB, Oids.REGPROC, Oids.XID, Oids.CID,
            Oids.REGCLASS, Oids.REGTYPE, Oids.VOID, Oids.XID8, Oids.REGROLE, Oids.REGNAMESPACE};
        for (int oid : oids) {
            assertThat(Adapters.global().hasBinaryLoader(oid)).as(Oids.name(oid)).isTrue();
            assertThat(Adapters.global().hasLoader(oid, Format.TEXT)).as(Oids.name(oid)).isTrue();
            assertThat(Oids.name(oid)).isNotNull();
        }
    }

    @Test
    void lookupsAreSafeWhileRegistering() throws Exception {
        Adapters a = Adapters.global().copy();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            new Thread(() -> {
                try {
                    for (int i = 0; i < 20_000; i++) {
                        assertThat(a.dumperFor(i).oid()).isEqualTo(Oids.INT4);
                        assertThat(a.loader(Oids.INT4, Format.BINARY)).isNotNull();
                    }
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    done.countDown();
                }
            }).start();
        }
        for (int i = 0; i < 500; i++) {
            a.registerLoader(100_000 + i, Loader.text(s -> s));
            a.register(Point.class, POINT);
        }
        done.await();
        assertThat(failure.get()).isNull();
        for (int i = 0; i < 500; i++) {
            assertThat(a.hasLoader(100_000 + i, Format.TEXT)).isTrue();
        }
    }
}
