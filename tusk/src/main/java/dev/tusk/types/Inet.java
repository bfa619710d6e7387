package dev.tusk.types;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A PostgreSQL {@code inet}: a host address with the prefix length of its network (psycopg's
 * {@code ip_interface}). {@code inet} columns load as this record, and it dumps as
 * {@code inet}; a plain {@link InetAddress} dumps as an {@code inet} of its full length
 * ({@code /32} or {@code /128}).
 *
 * <pre>{@code
 * Inet i = Inet.parse("192.168.0.1/24");
 * i.address();     // /192.168.0.1
 * i.prefix();      // 24
 * i.network();     // 192.168.0.0/24, a Cidr
 * Inet.of(InetAddress.getByName("::1")).toString();   // "::1"
 * cur.mogrify("%s", i);                               // '192.168.0.1/24'::inet
 * }</pre>
 *
 * <p>IPv4-mapped IPv6 addresses keep their family: {@code Inet.parse("::ffff:1.2.3.4")} holds
 * an {@link java.net.Inet6Address} (Java's {@code InetAddress.getByName} would make that an
 * {@code Inet4Address}, which dumps as IPv4). An IPv6 scope ({@code %eth0}) is not sent:
 * PostgreSQL has none. Equality is that of the address bytes and the prefix.
 *
 * @param address the address (its host name, if any, plays no part)
 * @param prefix  the prefix length: 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record Inet(InetAddress address, int prefix) {

    /**
     * Creates the value.
     *
     * @param address the address, not {@code null}
     * @param prefix  the prefix length
     * @throws IllegalArgumentException if the prefix is out of range for the address family
     */
    public Inet {
        Objects.requireNonNull(address, "address");
        NetworkCodecs.checkPrefix(address, prefix);
    }

    /**
     * A single host: the address with its full length as prefix.
     *
     * @param address the address
     * @return the value, {@code /32} or {@code /128}
     */
    public static Inet of(InetAddress address) {
        return new Inet(address, NetworkCodecs.maxBits(address));
    }

    /**
     * Parses an IPv4 ({@code 192.168.0.1}) or IPv6 ({@code 2001:db8::1}, {@code ::ffff:1.2.3.4})
     * address with an optional {@code /prefix} (the full length if absent). No name is looked
     * up.
     *
     * @param text the text
     * @return the value
     * @throws dev.tusk.errors.DataException if the text is not an address in those forms
     */
    public static Inet parse(CharSequence text) {
        return NetworkCodecs.parseInet(text, "inet", NetworkCodecs.INET);
    }

    /**
     * The network this address is in: the address with its host bits cleared.
     *
     * <pre>{@code
     * Inet.parse("10.1.2.3/8").network();   // 10.0.0.0/8
     * }</pre>
     *
     * @return the network
     */
    public Cidr network() {
        return new Cidr(NetworkCodecs.address(NetworkCodecs.masked(address.getAddress(), prefix)), prefix);
    }

    /**
     * The text form as PostgreSQL writes it: {@code 192.168.0.1/24}, without the prefix for a
     * single host ({@code 192.168.0.1}, {@code ::1}).
     *
     * @return the text
     */
    @Override
    public String toString() {
        return InetText.format(address.getAddress(), prefix, false);
    }
}
