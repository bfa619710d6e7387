package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code inet}, {@code cidr}, {@code macaddr} and {@code macaddr8}: loaders for both formats,
 * binary dumpers, and the checks the value records share. The binary {@code inet}/{@code cidr}
 * form ({@code inet_send}) is: family (2 for IPv4, 3 for IPv6: PostgreSQL's own numbering),
 * prefix bits, an is-cidr flag, the address length, the address bytes. The MAC types are
 * their 6 or 8 bytes.
 */
final class NetworkCodecs {
    private NetworkCodecs() {
    }

    private static final int FAMILY_IPV4 = 2;
    private static final int FAMILY_IPV6 = 3;

    // ---- addresses and prefixes ----

    /**
     * The address of 4 or 16 bytes. An IPv4-mapped IPv6 address ({@code ::ffff:1.2.3.4}) stays
     * an {@link Inet6Address}, which {@code InetAddress.getByAddress} would turn into IPv4.
     */
    static InetAddress address(byte[] bytes) {
        try {
            return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length, e);
        }
    }

    static int maxBits(InetAddress address) {
        return address.getAddress().length * 8;
    }

    static void checkPrefix(InetAddress address, int prefix) {
        if (prefix < 0 || prefix > maxBits(address)) {
            throw new IllegalArgumentException("prefix length " + prefix + " is out of range for "
                    + address.getHostAddress() + " (0 to " + maxBits(address) + ")");
        }
    }

    /** The address with every bit after the first {@code prefix} cleared. */
    static byte[] masked(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            out[i] &= (byte) (0xFF00 >> keep);
        }
        return out;
    }

    /** Reads {@code text} as {@code inet} or {@code cidr} and builds the value from its parts. */
    static <T> T parseInet(CharSequence text, String type, InetFactory<T> factory) {
        byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
        return textInet(b, 0, b.length, type, factory);
    }

    /** Makes an {@link Inet} or a {@link Cidr}. */
    @FunctionalInterface
    interface InetFactory<T> {
        /**
         * Builds the value.
         *
         * @param address the address
         * @param bits    its prefix length, or -1 if the text had none
         */
        T create(InetAddress address, int bits);
    }

    private static <T> T textInet(byte[] b, int off, int len, String type, InetFactory<T> factory) {
        InetText.Parsed p = InetText.parse(b, off, len, type);
        try {
            return factory.create(address(p.address()), p.bits());
        } catch (IllegalArgumentException e) {
            throw new DataException("invalid " + type + " text value " + Bytes.excerpt(b, off, len) + ": "
                    + e.getMessage());
        }
    }

    static final InetFactory<Inet> INET = (a, bits) -> new Inet(a, bits < 0 ? maxBits(a) : bits);

    static final InetFactory<Cidr> CIDR = (a, bits) -> {
        if (bits < 0) {
            // the server guesses a classful prefix for IPv4; better to ask than to guess differently
            throw new IllegalArgumentException("a cidr needs an explicit /prefix");
        }
        return new Cidr(a, bits);
    };

    static final Loader<Inet> INET_TEXT = (b, off, len, ctx) -> textInet(b, off, len, "inet", INET);
    static final Loader<Cidr> CIDR_TEXT = (b, off, len, ctx) -> textInet(b, off, len, "cidr", CIDR);

    private static <T> T binaryInet(byte[] b, int off, int len, String type, InetFactory<T> factory) {
        if (len < 4) {
            Bytes.expectLength(len, 4, type);
        }
        int family = b[off];
        int size = family == FAMILY_IPV4 ? 4 : family == FAMILY_IPV6 ? 16 : -1;
        if (size < 0 || (b[off + 3] & 0xFF) != size) {
            throw new DataException("bad " + type + " binary value: family " + family + ", "
                    + (b[off + 3] & 0xFF) + " address bytes");
        }
        Bytes.expectLength(len, 4 + size, type);
        try {
            return factory.create(address(Arrays.copyOfRange(b, off + 4, off + 4 + size)), b[off + 1] & 0xFF);
        } catch (IllegalArgumentException e) {
            throw new DataException("bad " + type + " binary value: " + e.getMessage());
        }
    }

    static final Loader<Inet> INET_BINARY = (b, off, len, ctx) -> binaryInet(b, off, len, "inet", INET);
    static final Loader<Cidr> CIDR_BINARY = (b, off, len, ctx) -> binaryInet(b, off, len, "cidr", CIDR);

    private static void writeInet(ByteSink out, InetAddress address, int bits, boolean cidr) {
        byte[] a = address.getAddress();
        out.writeByte(a.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6).writeByte(bits).writeByte(cidr ? 1 : 0)
                .writeByte(a.length).write(a);
    }

    static final Dumper<Inet> INET_DUMPER = SimpleDumper.binary(Oids.INET,
            (v, out) -> writeInet(out, v.address(), v.prefix(), false));
    static final Dumper<Cidr> CIDR_DUMPER = SimpleDumper.binary(Oids.CIDR,
            (v, out) -> writeInet(out, v.address(), v.prefix(), true));
    static final Dumper<InetAddress> INET_ADDRESS_DUMPER = new SimpleDumper<>(Oids.INET, Format.BINARY,
            (v, out) -> writeInet(out, v, maxBits(v), false), v -> INET_DUMPER.quote(Inet.of(v)));

    // ---- MAC addresses ----

    static void checkMac(long value, int size) {
        if (size < 8 && value >>> (8 * size) != 0) {
            throw new IllegalArgumentException("a " + (8 * size) + "-bit MAC address cannot be "
                    + Long.toHexString(value));
        }
    }

    /** The number {@code size} bytes spell, first byte most significant. */
    static long macValue(byte[] bytes, int size) {
        if (bytes.length != size) {
            throw new IllegalArgumentException("a MAC address of " + size + " bytes, not " + bytes.length);
        }
        long v = 0;
        for (byte x : bytes) {
            v = v << 8 | (x & 0xFF);
        }
        return v;
    }

    static byte[] macBytes(long value, int size) {
        byte[] out = new byte[size];
        for (int i = size - 1; i >= 0; i--, value >>>= 8) {
            out[i] = (byte) value;
        }
        return out;
    }

    /**
     * Hex digit pairs, optionally separated by {@code :}, {@code -} or {@code .} (the server
     * takes {@code 08:00:2b:01:02:03}, {@code 08-00-2b-01-02-03}, {@code 0800.2b01.0203},
     * {@code 08002b010203}, ...); 6 bytes, or 8 when {@code eight} allows it.
     */
    static byte[] parseMac(byte[] b, int off, int len, String type, boolean eight) {
        byte[] out = new byte[8];
        int n = 0;
        int end = off + len;
        boolean separated = true;
        for (int i = off; i < end; ) {
            int c = b[i];
            if ((c == ':' || c == '-' || c == '.') && !separated && i + 1 < end) {
                separated = true;
                i++;
                continue;
            }
            separated = false;
            int hi = Bytes.hexDigit(c);
            int lo = i + 1 < end ? Bytes.hexDigit(b[i + 1]) : -1;
            if (hi < 0 || lo < 0 || n == 8) {
                throw Bytes.bad(type, b, off, len);
            }
            out[n++] = (byte) (hi << 4 | lo);
            i += 2;
        }
        if (n != 6 && (n != 8 || !eight)) {
            throw Bytes.bad(type, b, off, len);
        }
        return Arrays.copyOf(out, n);
    }

    /** {@code 08:00:2b:01:02:03}. */
    static String formatMac(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte x : bytes) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }

    /** EUI-48 to EUI-64 as the server's {@code macaddr8} input does: {@code ff:fe} in the middle. */
    static byte[] toEui64(byte[] six) {
        return new byte[] {six[0], six[1], six[2], (byte) 0xFF, (byte) 0xFE, six[3], six[4], six[5]};
    }

    static MacAddress8 parseMacaddr8(byte[] b, int off, int len) {
        byte[] bytes = parseMac(b, off, len, "macaddr8", true);
        return MacAddress8.of(bytes.length == 6 ? toEui64(bytes) : bytes);
    }

    static final Loader<MacAddress> MACADDR_TEXT = (b, off, len, ctx) ->
            MacAddress.of(parseMac(b, off, len, "macaddr", false));
    static final Loader<MacAddress8> MACADDR8_TEXT = (b, off, len, ctx) -> parseMacaddr8(b, off, len);

    static final Loader<MacAddress> MACADDR_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 6, "macaddr");
        long high = Bytes.getUnsignedShort(b, off);
        return new MacAddress(high << 32 | (Bytes.getInt(b, off + 2) & 0xFFFFFFFFL));
    };
    static final Loader<MacAddress8> MACADDR8_BINARY = (b, off, len, ctx) -> {
        Bytes.expectLength(len, 8, "macaddr8");
        return new MacAddress8(Bytes.getLong(b, off));
    };

    static final Dumper<MacAddress> MACADDR_DUMPER = SimpleDumper.binary(Oids.MACADDR,
            (v, out) -> out.writeShort((int) (v.value() >>> 32)).writeInt((int) v.value()));
    static final Dumper<MacAddress8> MACADDR8_DUMPER = SimpleDumper.binary(Oids.MACADDR8,
            (v, out) -> out.writeLong(v.value()));
}
