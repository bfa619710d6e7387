package dev.tusk.types;

import static dev.tusk.types.Codec.A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DataException;
import dev.tusk.errors.ProgrammingException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Arrays without a server: the text parser and writer, the binary form, dumper choice. */
class ArrayCodecTest {

    private static PgArray text(int arrayOid, String s) {
        return (PgArray) Codec.text(arrayOid, s);
    }

    private static String dumpText(Object value) {
        Dumper<Object> d = A.dumperFor(value);
        assertThat(d.format()).isEqualTo(Format.TEXT);
        return new String(Codec.dump(value), StandardCharsets.UTF_8);
    }

    @Test
    void textFormReads() {
        assertThat(text(1007, "{1,2,NULL}")).containsExactly(1, 2, null);
        assertThat(text(1007, " { 1 , nUlL ,3 } ")).containsExactly(1, null, 3);
        assertThat(text(1007, "{{1,2},{3,4}}")).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
        PgArray bounded = text(1007, "[0:2]={1,2,3}");
        assertThat(bounded).containsExactly(1, 2, 3);
        assertThat(bounded.lowerBounds()).containsExactly(0);
        assertThat(bounded.dimensions()).containsExactly(3);
        PgArray two = text(1007, "[-2:-1][3:4]={{1,2},{3,4}}");
        assertThat(two.lowerBounds()).containsExactly(-2, 3);
        assertThat(((PgArray) two.get(1)).lowerBounds()).containsExactly(3);
        PgArray empty = text(1007, "{}");
        assertThat(empty).isEmpty();
        assertThat(empty.dimensions()).isEmpty();
        assertThat(text(1009, "{\"a b\",\"\\\"q\\\"\",\"\\\\\",NULL,\"NULL\",\"\",\"{,}\",é,  x y  }"))
                .containsExactly("a b", "\"q\"", "\\", null, "NULL", "", "{,}", "é", "x y");
        assertThat(text(1009, "{a\\,b,\\ lead,\"in\"side}")).containsExactly("a,b", " lead", "inside");
        assertThat(text(1020, "{(1,1),(0,0);(2,2),(1,1)}")).containsExactly(PgBox.parse("(1,1),(0,0)"),
                PgBox.parse("(2,2),(1,1)"));
    }

    @Test
    void malformedTextFailsClearly() {
        for (String bad : List.of("", "{1,2", "{1,,2}", "{{1},2}", "{1,{2}}", "{{1,2},{3}}", "{1}x", "[1:2]={1}",
                "{\"a}", "[1:2={1,2}", "{{{{{{{1}}}}}}}")) {
            assertThatThrownBy(() -> text(1007, bad)).as(bad).isInstanceOf(DataException.class)
                    .hasMessageContaining("array");
        }
    }

    @Test
    void textFormWrites() {
        assertThat(dumpText(List.of("a", "b c", "", "NULL", "null", "x\"y", "back\\slash", "{}", ",", "é")))
                .isEqualTo("{a,\"b c\",\"\",\"NULL\",\"null\",\"x\\\"y\",\"back\\\\slash\",\"{}\",\",\",é}");
        assertThat(dumpText(Arrays.asList("a", null))).isEqualTo("{a,NULL}");
        assertThat(dumpText(List.of(List.of("a", "b"), List.of("c", "d")))).isEqualTo("{{a,b},{c,d}}");
        assertThat(dumpText(PgArray.of(List.of(List.of("a"), List.of("b"))).withLowerBounds(0, 5)))
                .isEqualTo("[0:1][5:5]={{a},{b}}");
        assertThat(dumpText(List.of())).isEqualTo("{}");
        assertThat(dumpText(new char[] {'a', ' '})).isEqualTo("{a,\" \"}");
    }

    @Test
    void binaryFormRoundTrips() {
        Object[] values = {
            List.of(1, 2, 3), Arrays.asList(1L, null), new int[][] {{1, 2}, {3, 4}}, new Integer[] {null, null},
            new double[] {Double.NaN, -0.0, Double.NEGATIVE_INFINITY}, new boolean[] {true, false},
            new byte[][] {{1, 2}, {}}, List.of(LocalDate.MAX, LocalDate.of(2024, 2, 29)),
            PgArray.of(List.of(List.of(1), List.of(2))).withLowerBounds(-5, 7), new Integer[0],
        };
        for (Object v : values) {
            Dumper<Object> d = A.dumperFor(v);
            assertThat(d.format()).as("%s", d).isEqualTo(Format.BINARY);
            PgArray back = (PgArray) Codec.roundTrip(v);
            // arrays, not lists: byte[] elements compare by content
            assertThat(back.toArray()).isEqualTo(ArrayShapes.flatten(v).toArray());
            assertThat(back.lowerBounds()).isEqualTo(ArrayShapes.flatten(v).lowerBounds());
        }
        assertThat(Codec.dumpHex(List.of(7))).isEqualTo("00000001" + "00000000" + "00000017"
                + "00000001" + "00000001" + "00000004" + "00000007");
        assertThat(Codec.dumpHex(Arrays.asList(7, null))).startsWith("00000001" + "00000001");
        assertThat(Codec.dumpHex(new Integer[0])).isEqualTo("00000000" + "00000000" + "00000017");
    }

    @Test
    void badBinaryFailsClearly() {
        for (String hex : List.of("", "00000001 00000000 00000017", "00000007 00000000 00000017",
                "00000001 00000002 00000017 00000001 00000001 00000004 00000007",
                "00000001 00000000 00000017 7fffffff 00000001 00000004 00000007",
                "00000001 00000000 00000017 00000001 00000001 00000005 00000007",
                "00000001 00000000 00000017 00000001 00000001 00000004 00000007 00")) {
            assertThatThrownBy(() -> Codec.binary(1007, hex)).as(hex).isInstanceOf(DataException.class)
                    .hasMessageContaining("bad array binary value");
        }
    }

    @Test
    void theElementsDecideTheArrayType() {
        assertThat(A.dumperFor(List.of(1, 2)).oid()).isEqualTo(1007);
        assertThat(A.dumperFor(new int[] {1}).oid()).isEqualTo(1007);
        assertThat(A.dumperFor(new LinkedList<>(List.of(1L))).oid()).isEqualTo(1016);
        assertThat(A.dumperFor(List.of(1, 2L)).oid()).isEqualTo(1016);
        assertThat(A.dumperFor(List.of((short) 1, 2)).oid()).isEqualTo(1007);
        assertThat(A.dumperFor(List.of(1, new BigDecimal("1.5"))).oid()).isEqualTo(1231);
        assertThat(A.dumperFor(List.of(1.5f, 2.5)).oid()).isEqualTo(1022);
        assertThat(A.dumperFor(List.of(new Json("1"))).oid()).isEqualTo(199);
        assertThat(A.dumperFor(List.of(new Json("1"))).format()).isEqualTo(Format.TEXT);
        assertThat(A.dumperFor(List.of("a")).oid()).isZero();
        assertThat(A.dumperFor(List.of()).oid()).isZero();
        assertThat(A.dumperFor(Arrays.asList(null, null)).oid()).isZero();
        assertThat(A.dumperFor(new Long[] {null}).oid()).isEqualTo(1016);
        assertThat(A.dumperFor(new String[0]).oid()).isZero();
        assertThat(A.dumperFor(new byte[][] {{1}}).oid()).isEqualTo(1001);
        assertThat(A.dumperFor(new byte[] {1}).oid()).isEqualTo(Oids.BYTEA);
        assertThat(A.dumperForClass(List.class).oid()).isZero();
        assertThat(A.dumperForClass(List.class).format()).isEqualTo(Format.TEXT);
    }

    @Test
    void mixedOrRaggedArraysFailClearly() {
        assertThatThrownBy(() -> A.dumperFor(List.of(1, "a"))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("int4 (java.lang.Integer)").hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> A.dumperFor(List.of(1, 1.5))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("int4").hasMessageContaining("float8");
        assertThatThrownBy(() -> A.dumperFor(new int[][] {{1, 2}, {3}})).isInstanceOf(DataException.class)
                .hasMessageContaining("rectangular");
        assertThatThrownBy(() -> A.dumperFor(List.of(List.of(1), 2))).isInstanceOf(DataException.class)
                .hasMessageContaining("rectangular");
        assertThatThrownBy(() -> A.dumperFor(Arrays.asList(List.of(1), null))).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> A.dumperFor(new int[1][1][1][1][1][1][1])).isInstanceOf(DataException.class)
                .hasMessageContaining("6 dimensions");
        assertThatThrownBy(() -> A.dumperFor(List.of(new Object()))).isInstanceOf(ProgrammingException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> PgArray.of(List.of(1)).withLowerBounds(1, 1)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> PgArray.of(List.of(1, 2)).withLowerBounds(Integer.MAX_VALUE))
                .isInstanceOf(DataException.class);
    }

    @Test
    void literalsAreTheTextFormQuotedAndCast() {
        assertThat(Codec.quote(List.of(1, -2))).isEqualTo("'{1,-2}'::int4[]");
        assertThat(Codec.quote(List.of("it's", "a b"))).isEqualTo("'{it''s,\"a b\"}'");
        assertThat(Codec.quote(List.of(new byte[] {0, (byte) 0xff}))).isEqualTo(" E'{\"\\\\\\\\x00ff\"}'::bytea[]");
        assertThat(Codec.quote(List.of(Double.NaN, -1.5))).isEqualTo("'{NaN,-1.5}'::float8[]");
        assertThat(Codec.quote(List.of(LocalDate.of(2024, 2, 29)))).isEqualTo("'{2024-02-29}'::date[]");
        assertThat(Codec.quote(new Integer[0])).isEqualTo("'{}'::int4[]");
        assertThat(Codec.quote(List.of())).isEqualTo("'{}'");
        assertThat(Codec.quote(PgArray.of(List.of(true)).withLowerBounds(0))).isEqualTo("'[0:0]={true}'::bool[]");
    }

    @Test
    void literalTextIsTheConstantInside() {
        assertThat(Literals.textOf("42")).isEqualTo("42");
        assertThat(Literals.textOf("(-5)")).isEqualTo("-5");
        assertThat(Literals.textOf("(-1.5)::float8")).isEqualTo("-1.5");
        assertThat(Literals.textOf("'NaN'::float8")).isEqualTo("NaN");
        assertThat(Literals.textOf("'it''s'")).isEqualTo("it's");
        assertThat(Literals.textOf(" E'a\\\\b'::bytea")).isEqualTo("a\\b");
        assertThatThrownBy(() -> Literals.textOf("point(1, 2)")).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> Literals.textOf("'a' || 'b'")).isInstanceOf(ProgrammingException.class);
    }

    @Test
    void arrayLoadersFollowTheirElementLoaders() {
        Adapters a = Adapters.global().copy();
        // tid has no loader of its own, so tid[] (1010) loads as text until one is registered
        assertThat(a.hasBinaryLoader(1007)).isTrue();
        assertThat(a.hasBinaryLoader(1010)).isFalse();
        assertThat(a.hasLoader(1010, Format.TEXT)).isFalse();
        assertThat(a.loader(1010, Format.TEXT).load("{\"(1,2)\"}".getBytes(StandardCharsets.UTF_8), 0, 9, LoadContext.UTC))
                .isEqualTo(List.of("(1,2)"));
        a.registerLoader(27, Loader.text(s -> "tid " + s));
        assertThat(a.hasLoader(1010, Format.TEXT)).isTrue();
        assertThat(a.hasBinaryLoader(1010)).isFalse();
        assertThat(a.loader(1010, Format.TEXT).load("{\"(1,2)\"}".getBytes(StandardCharsets.UTF_8), 0, 9, LoadContext.UTC))
                .isEqualTo(List.of("tid (1,2)"));
        assertThat(Adapters.global().hasLoader(1010, Format.TEXT)).isFalse();
        a.registerLoader(1007, Loader.text(s -> "mine"));
        assertThat(a.hasBinaryLoader(1007)).isFalse();
        assertThat(a.loader(1007, Format.TEXT).load(new byte[] {'{', '}'}, 0, 2, LoadContext.UTC)).isEqualTo("mine");
    }

    @Test
    void moreArrayTypesCanBeRegistered() {
        Adapters a = Adapters.global().copy();
        a.registerLoader(90001, Loader.text(s -> "x" + s));
        a.registerArrayType(90002, 90001, '|');
        assertThat(a.loader(90002, Format.TEXT).load("{a|b,c}".getBytes(StandardCharsets.UTF_8), 0, 7, LoadContext.UTC))
                .isEqualTo(List.of("xa", "xb,c"));
        assertThat(Adapters.global().loader(90002, Format.TEXT)).isSameAs(Adapters.TEXT_STRING);
        record Thing(String s) {
        }
        a.register(Thing.class, Dumper.text(90001, Thing::s));
        assertThat(a.dumperFor(List.of(new Thing("p q"))).oid()).isEqualTo(90002);
        ByteSink out = new ByteSink();
        Object things = List.of(new Thing("p|q"), new Thing("r"));
        a.dumperFor(things).dump(things, out);
        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("{\"p|q\"|r}");
        assertThatThrownBy(() -> a.registerArrayType(90003, 1007, ',')).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> a.registerArrayType(90003, 90001, '"')).isInstanceOf(ProgrammingException.class);
        assertThat(Oids.name(1007)).isEqualTo("int4[]");
        assertThat(Oids.name(1002)).isEqualTo("\"char\"[]");
    }

    @Test
    void pgArrayIsAnImmutableList() {
        PgArray a = PgArray.of(List.of(List.of(1, 2), List.of(3, 4)));
        assertThat(a).hasSize(2).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)));
        assertThat(a.hashCode()).isEqualTo(List.of(List.of(1, 2), List.of(3, 4)).hashCode());
        assertThat(a.withLowerBounds(0, 0)).isEqualTo(a);
        assertThat(a.dimensions()).containsExactly(2, 2);
        assertThat(a.lowerBounds()).containsExactly(1, 1);
        assertThat(((PgArray) a.get(1)).dimensions()).containsExactly(2);
        assertThat(a.toString()).isEqualTo("[[1, 2], [3, 4]]");
        assertThatThrownBy(() -> a.set(0, 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(PgArray.of(List.of(List.of(), List.of())).dimensions()).isEmpty();
    }
}
