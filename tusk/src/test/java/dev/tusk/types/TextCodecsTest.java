package dev.tusk.types;

import static dev.tusk.types.Codec.binary;
import static dev.tusk.types.Codec.dump;
import static dev.tusk.types.Codec.hex;
import static dev.tusk.types.Codec.quote;
import static dev.tusk.types.Codec.roundTrip;
import static dev.tusk.types.Codec.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DataException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TextCodecsTest {

    @Test
    void stringTypesLoadAsStringInBothFormats() {
        int[] oids = {Oids.TEXT, Oids.VARCHAR, Oids.BPCHAR, Oids.NAME, Oids.UNKNOWN, Oids.CHAR};
        for (int oid : oids) {
            assertThat(text(oid, "héllo ✓ 😀")).isEqualTo("héllo ✓ 😀");
        }
        for (int oid : new int[] {Oids.TEXT, Oids.VARCHAR, Oids.BPCHAR, Oids.NAME, Oids.UNKNOWN}) {
            assertThat(binary(oid, "6869")).isEqualTo("hi");
            assertThat(binary(oid, "")).isEqualTo("");
        }
        assertThat(binary(Oids.CHAR, "41")).isEqualTo("A");
        assertThatThrownBy(() -> binary(Oids.CHAR, "4142")).isInstanceOf(DataException.class);
    }

    @Test
    void stringDumper() {
        Dumper<Object> d = Codec.A.dumperFor("x");
        assertThat(d.oid()).isZero();
        assertThat(d.format()).isEqualTo(Format.TEXT);
        assertThat(dump("héllo")).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
        assertThat(dump('é')).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
        assertThat(Codec.A.dumperFor('x').oid()).isZero();
        assertThatThrownBy(() -> dump("a\0b")).isInstanceOf(DataException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> quote("a\0b")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> dump('\0')).isInstanceOf(DataException.class);
    }

    @Test
    void unicodeRoundTrips() {
        Random r = new Random(4);
        for (int i = 0; i < 1000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(30);
            for (int j = 0; j < n; j++) {
                int cp = switch (r.nextInt(4)) {
                    case 0 -> 1 + r.nextInt(0x7F);
                    case 1 -> 0x80 + r.nextInt(0x780);
                    case 2 -> 0x800 + r.nextInt(0xD000);   // below surrogates
                    default -> 0x10000 + r.nextInt(0x100000 - 0x10000);
                };
                sb.appendCodePoint(cp);
            }
            String s = sb.toString();
            byte[] b = dump(s);
            assertThat(Codec.load(Oids.TEXT, Format.TEXT, b, LoadContext.UTC)).isEqualTo(s);
            assertThat(Codec.load(Oids.TEXT, Format.BINARY, b, LoadContext.UTC)).isEqualTo(s);
        }
    }

    @Test
    void stringQuotes() {
        assertThat(quote("it's")).isEqualTo("'it''s'");
        assertThat(quote("a\\b")).isEqualTo(" E'a\\\\b'");
        assertThat(quote('\'')).isEqualTo("''''");
    }

    @Test
    void bytea() {
        assertThat((byte[]) binary(Oids.BYTEA, "0001ff")).containsExactly(0, 1, 0xff);
        assertThat((byte[]) text(Oids.BYTEA, "\\x0001ff")).containsExactly(0, 1, 0xff);
        assertThat((byte[]) text(Oids.BYTEA, "\\xDEADbeef")).containsExactly(0xde, 0xad, 0xbe, 0xef);
        assertThat((byte[]) text(Oids.BYTEA, "\\x")).isEmpty();
        // escape format: \\ is a backslash, \ooo an octal byte, the rest literal
        assertThat((byte[]) text(Oids.BYTEA, "a\\\\b\\000\\377\\047c")).containsExactly('a', '\\', 'b', 0, 0xff, '\'', 'c');
        assertThat((byte[]) text(Oids.BYTEA, "")).isEmpty();
        assertThat(Codec.dumpHex(new byte[] {1, 2, (byte) 0xff})).isEqualTo("0102ff");
        assertThat(quote(new byte[] {1, 2})).isEqualTo(" E'\\\\x0102'::bytea");
        assertThat(Codec.A.dumperFor(new byte[0]).oid()).isEqualTo(Oids.BYTEA);
        for (String bad : new String[] {"\\x0", "\\x0g", "\\", "a\\b", "\\400", "\\12"}) {
            assertThatThrownBy(() -> text(Oids.BYTEA, bad)).as(bad).isInstanceOf(DataException.class);
        }
        Random r = new Random(5);
        for (int i = 0; i < 200; i++) {
            byte[] v = new byte[r.nextInt(100)];
            r.nextBytes(v);
            assertThat((byte[]) roundTrip(v)).isEqualTo(v);
            assertThat((byte[]) text(Oids.BYTEA, ByteaCodec.toHexText(v))).isEqualTo(v);
        }
    }

    @Test
    void uuid() {
        UUID u = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(binary(Oids.UUID, "a0eebc999c0b4ef8bb6d6bb9bd380a11")).isEqualTo(u);
        assertThat(text(Oids.UUID, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")).isEqualTo(u);
        assertThat(text(Oids.UUID, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")).isEqualTo(u);
        assertThat(text(Oids.UUID, "{a0eebc999c0b4ef8bb6d6bb9bd380a11}")).isEqualTo(u);
        assertThat(text(Oids.UUID, "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11")).isEqualTo(u);
        assertThat(Codec.dumpHex(u)).isEqualTo("a0eebc999c0b4ef8bb6d6bb9bd380a11");
        assertThat(quote(u)).isEqualTo("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid");
        for (String bad : new String[] {"", "a0eebc99", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1g",
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111", "-a0eebc999c0b4ef8bb6d6bb9bd380a11", "{a0eebc999c0b4ef8bb6d6bb9bd380a11"}) {
            assertThatThrownBy(() -> text(Oids.UUID, bad)).as(bad).isInstanceOf(DataException.class);
        }
        assertThatThrownBy(() -> binary(Oids.UUID, "a0ee")).isInstanceOf(DataException.class);
        for (int i = 0; i < 100; i++) {
            UUID v = UUID.randomUUID();
            assertThat(roundTrip(v)).isEqualTo(v);
            assertThat(text(Oids.UUID, v.toString())).isEqualTo(v);
        }
    }

    @Test
    void json() {
        assertThat(text(Oids.JSON, "{\"a\": [1, \"é\"]}")).isEqualTo(new Json("{\"a\": [1, \"é\"]}"));
        assertThat(binary(Oids.JSON, hex("7b7d"))).isEqualTo(new Json("{}"));
        assertThat(text(Oids.JSONB, "{\"a\": 1}")).isEqualTo(new Json("{\"a\": 1}"));
        assertThat(binary(Oids.JSONB, "01 7b 7d")).isEqualTo(new Json("{}"));
        assertThatThrownBy(() -> binary(Oids.JSONB, "02 7b 7d")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> binary(Oids.JSONB, "")).isInstanceOf(DataException.class);

        Dumper<Object> d = Codec.A.dumperFor(new Json("[]"));
        assertThat(d.oid()).isEqualTo(Oids.JSON);
        assertThat(d.format()).isEqualTo(Format.TEXT);
        assertThat(dump(new Json("[\"é\"]"))).isEqualTo("[\"é\"]".getBytes(StandardCharsets.UTF_8));
        assertThat(roundTrip(new Json("{\"k\": \"v\"}"))).isEqualTo(new Json("{\"k\": \"v\"}"));
        assertThat(quote(new Json("{\"it's\": 1}"))).isEqualTo("'{\"it''s\": 1}'::json");

        Dumper<Object> db = Codec.A.dumperFor(new Jsonb("{}"));
        assertThat(db.oid()).isEqualTo(Oids.JSONB);
        assertThat(db.format()).isEqualTo(Format.TEXT);
        assertThat(roundTrip(new Jsonb("{\"k\": 1}"))).isEqualTo(new Json("{\"k\": 1}"));
        assertThat(quote(new Jsonb("{}"))).isEqualTo("'{}'::jsonb");
        assertThat(new Json("{}").toString()).isEqualTo("{}");
        assertThatThrownBy(() -> new Json(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void voidLoadsAsNull() {
        assertThat(text(Oids.VOID, "")).isNull();
        assertThat(binary(Oids.VOID, "")).isNull();
    }
}
