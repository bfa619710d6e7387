package dev.tusk.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DataException;
import dev.tusk.errors.InvalidTextRepresentation;
import dev.tusk.testing.Dsn;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code inet}, {@code cidr}, {@code macaddr} and {@code macaddr8} against the real server. */
class NetworkTypesTest extends ScalarServerTest {
    NetworkTypesTest(@Dsn String dsn) {
        super(dsn);
    }

    private static InetAddress ip(String literal) {
        return Inet.parse(literal).address();
    }

    @Test
    void inetValuesComeBackEqual() {
        for (String s : List.of("192.168.0.1/24", "192.168.0.1", "0.0.0.0/0", "255.255.255.255", "10.0.0.0/8",
                "::", "::1", "::/0", "2001:db8::1/64", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "::ffff:1.2.3.4", "::ffff:1.2.3.4/120", "::1.2.3.4", "fe80::1:0:0:1", "1:0:0:1::1")) {
            Inet inet = Inet.parse(s);
            assertThat(inet.toString()).isEqualTo(s);
            assertEcho("inet", inet);
            assertThat(firstColumn("SELECT %t", inet)).as("%s as text", s).containsOnly(inet);
        }
        // A Java address dumps as a single host.
        assertEcho("inet", ip("10.1.2.3"), Inet.parse("10.1.2.3/32"));
        assertEcho("inet", ip("2001:db8::7"), Inet.parse("2001:db8::7/128"));
        assertThat(text.cursor().mogrify("%s", ip("10.1.2.3"))).isEqualTo("'10.1.2.3'::inet");
        assertThat(text.cursor().mogrify("%s", Inet.parse("::1/64"))).isEqualTo("'::1/64'::inet");
    }

    @Test
    void ipv4MappedAddressesStayIpv6() {
        Inet mapped = Inet.parse("::ffff:1.2.3.4");
        assertThat(mapped.address()).isInstanceOf(Inet6Address.class);
        assertThat(mapped.prefix()).isEqualTo(128);
        for (Object back : select("'::ffff:1.2.3.4'::inet")) {
            assertThat(((Inet) back).address()).isInstanceOf(Inet6Address.class);
            assertThat(back).isEqualTo(mapped).isNotEqualTo(Inet.parse("1.2.3.4"));
        }
        assertThat(select("family('1.2.3.4'::inet)")).containsOnly(4);
        assertThat(firstColumn("SELECT family(%s)", mapped)).containsOnly(6);
        assertThat(Inet.parse("1.2.3.4").address()).isInstanceOf(Inet4Address.class);
    }

    @Test
    void cidrValuesComeBackEqual() {
        for (String s : List.of("10.1.0.0/16", "0.0.0.0/0", "1.2.3.4/32", "::/0", "::1/128", "2001:db8::/32",
                "::ffff:1.2.3.0/120")) {
            Cidr cidr = Cidr.parse(s);
            assertThat(cidr.toString()).isEqualTo(s);
            assertEcho("cidr", cidr);
        }
        assertThat(Inet.parse("10.1.2.3/8").network()).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(Inet.parse("2001:db8::1/33").network().toString()).isEqualTo("2001:db8::/33");
        // The server masks an inet cast to cidr.
        assertThat(select("'1.2.3.4/24'::inet::cidr")).containsOnly(Cidr.parse("1.2.3.0/24"));
    }

    @Test
    void cidrWithHostBitsIsRejectedClearly() {
        assertThatThrownBy(() -> Cidr.parse("192.168.0.1/24"))
                .isInstanceOf(DataException.class).hasMessageContaining("192.168.0.1/24 has bits set to the right of the mask");
        assertThatThrownBy(() -> new Cidr(ip("192.168.0.1"), 24))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bits set to the right of the mask");
        assertThatThrownBy(() -> text.execute("SELECT %s::cidr", "192.168.0.1/24"))
                .isInstanceOf(InvalidTextRepresentation.class).hasMessageContaining("invalid cidr value");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0")).isInstanceOf(DataException.class).hasMessageContaining("/prefix");
    }

    @Test
    void badAddressesAndPrefixesAreRefused() {
        for (String s : List.of("", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/33", "::1/129", "1:2:3:4:5:6:7:8:9",
                "1::2::3", ":1", "1:", "12345::", "::1.2.3", "::1.2.3.4:5", "1.2.3.4/", "1.2.3.4/x", "host.example",
                "fe80::1%eth0")) {
            assertThatThrownBy(() -> Inet.parse(s)).as(s).isInstanceOf(DataException.class);
        }
        assertThatThrownBy(() -> new Inet(ip("1.2.3.4"), 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Inet(ip("::1"), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv6IsWrittenAsTheServerWritesIt() {
        // Each pair: input, the server's text for it.
        String[][] cases = {
            {"0:0:0:0:0:0:0:1", "::1"}, {"::1:0:0:0", "::1:0:0:0"}, {"1:0:0:0:0:0:0:0", "1::"},
            {"0:0:1:0:0:0:0:0", "0:0:1::"}, {"1:0:0:1:0:0:0:1", "1:0:0:1::1"}, {"1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"},
            {"::2", "::2"}, {"::ffff", "::ffff"}, {"::1:0", "::0.1.0.0"}, {"::ffff:0:0", "::ffff:0.0.0.0"},
            {"0:0:0:0:0:1:0:0", "::1:0:0"}, {"ABCD::", "abcd::"}, {"::0.1.0.1", "::0.1.0.1"},
        };
        for (String[] c : cases) {
            assertThat(Inet.parse(c[0]).toString()).as(c[0]).isEqualTo(c[1]);
            assertThat(select("format('%%s', '" + c[0] + "'::inet)")).as(c[0]).containsOnly(c[1]);
        }
    }

    @Test
    void macAddresses() {
        MacAddress mac = MacAddress.parse("08:00:2b:01:02:03");
        assertThat(mac.bytes()).containsExactly(0x08, 0x00, 0x2b, 0x01, 0x02, 0x03);
        for (String s : List.of("08-00-2B-01-02-03", "0800.2b01.0203", "08002b010203", "08002b:010203")) {
            assertThat(MacAddress.parse(s)).as(s).isEqualTo(mac);
        }
        assertEcho("macaddr", mac);
        assertThat(text.cursor().mogrify("%s", mac)).isEqualTo("'08:00:2b:01:02:03'::macaddr");

        MacAddress8 mac8 = MacAddress8.parse("08:00:2b:01:02:03:04:05");
        assertEcho("macaddr8", mac8);
        // 6-byte input becomes EUI-64, on the server and here
        MacAddress8 expanded = MacAddress8.parse("08:00:2b:ff:fe:01:02:03");
        assertThat(MacAddress8.parse("08:00:2b:01:02:03")).isEqualTo(expanded).isEqualTo(MacAddress8.of(mac));
        assertThat(select("'08:00:2b:01:02:03'::macaddr8")).containsOnly(expanded);
        assertEcho("macaddr8", mac, expanded);
        assertEcho("macaddr", expanded, mac);

        byte[] b = mac.bytes();
        b[0] = 9;
        assertThat(mac.bytes()[0]).isEqualTo((byte) 8);
        for (String s : List.of("", "08:00:2b:01:02", "08:00:2b:01:02:03:04", "08:00:2b:01:02:0g", "08::00:2b:01:02:03",
                ":08:00:2b:01:02:03", "08:00:2b:01:02:03:")) {
            assertThatThrownBy(() -> MacAddress.parse(s)).as(s).isInstanceOf(DataException.class);
        }
        assertThatThrownBy(() -> MacAddress.parse("08:00:2b:01:02:03:04:05")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> MacAddress.of(new byte[8])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MacAddress(1L << 48)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new MacAddress(0x08002b010203L)).isEqualTo(mac);
        assertThat(MacAddress8.of(mac8.bytes())).isEqualTo(mac8);
    }

    @Test
    void binaryForms() {
        assertThat(Codec.dumpHex(Inet.parse("192.168.0.1/24"))).isEqualTo("02180004c0a80001");
        assertThat(Codec.dumpHex(Cidr.parse("10.0.0.0/8"))).isEqualTo("020801040a000000");
        assertThat(Codec.dumpHex(ip("::1"))).isEqualTo("03800010" + "00".repeat(15) + "01");
        assertThat(Codec.roundTrip(Inet.parse("::ffff:1.2.3.4/96"))).isEqualTo(Inet.parse("::ffff:1.2.3.4/96"));
        assertThat(Codec.binary(Oids.CIDR, "020801040a000000")).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(Codec.dumpHex(MacAddress8.parse("01:02:03:04:05:06:07:08"))).isEqualTo("0102030405060708");
        for (String bad : List.of("", "02180004c0a800", "04180004c0a80001", "02210004c0a80001", "02180010c0a80001")) {
            assertThatThrownBy(() -> Codec.binary(Oids.INET, bad)).as(bad).isInstanceOf(DataException.class);
        }
        // host bits in a cidr: the server never sends one
        assertThatThrownBy(() -> Codec.binary(Oids.CIDR, "020801040a000001")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> Codec.binary(Oids.MACADDR, "0102030405")).isInstanceOf(DataException.class);
    }

    @Test
    void nullsLoadAsNull() {
        for (String type : List.of("inet", "cidr", "macaddr", "macaddr8")) {
            assertThat(select("NULL::" + type)).containsOnlyNulls();
            assertThat(firstColumn("SELECT %s::" + type, (Object) null)).containsOnlyNulls();
        }
    }

    // ---- differential ----

    private static InetAddress randomAddress(Random r, boolean v6) {
        byte[] a = new byte[v6 ? 16 : 4];
        r.nextBytes(a);
        if (v6) {
            // zero runs and mapped addresses, so that the text's :: rules get exercised
            switch (r.nextInt(4)) {
                case 0 -> java.util.Arrays.fill(a, 0, 2 * r.nextInt(8), (byte) 0);
                case 1 -> {
                    java.util.Arrays.fill(a, 0, 10, (byte) 0);
                    a[10] = (byte) 0xFF;
                    a[11] = (byte) 0xFF;
                }
                case 2 -> {
                    int from = 2 * r.nextInt(8);
                    java.util.Arrays.fill(a, from, from + 2 * r.nextInt((16 - from) / 2 + 1), (byte) 0);
                }
                default -> { }
            }
        }
        return NetworkCodecs.address(a);
    }

    @Test
    void randomInetsAgreeWithTheServer() {
        List<Inet> values = random(5000, 42, r -> {
            InetAddress a = randomAddress(r, r.nextBoolean());
            int max = NetworkCodecs.maxBits(a);
            return new Inet(a, r.nextInt(3) == 0 ? max : r.nextInt(max + 1));
        });
        differential("inet", Oids.INET, values, v -> v, true);
    }

    @Test
    void randomCidrsAgreeWithTheServer() {
        List<Cidr> values = random(5000, 42, r -> {
            InetAddress a = randomAddress(r, r.nextBoolean());
            return new Inet(a, r.nextInt(NetworkCodecs.maxBits(a) + 1)).network();
        });
        differential("cidr", Oids.CIDR, values, v -> v, true);
    }

    @Test
    void randomMacAddressesAgreeWithTheServer() {
        differential("macaddr", Oids.MACADDR, random(5000, 42, r -> {
            byte[] b = new byte[6];
            r.nextBytes(b);
            return MacAddress.of(b);
        }), v -> v, true);
        differential("macaddr8", Oids.MACADDR8, random(5000, 42, r -> {
            byte[] b = new byte[8];
            r.nextBytes(b);
            return MacAddress8.of(b);
        }), v -> v, true);
    }
}
