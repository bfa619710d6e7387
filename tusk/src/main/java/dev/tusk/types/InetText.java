package dev.tusk.types;

/**
 * The text of {@code inet} and {@code cidr} values: IPv4 dotted quads and IPv6 groups with an
 * optional {@code /prefix}, read without name lookups and written exactly as PostgreSQL's
 * {@code inet_net_ntop} does (the longest run of two or more zero groups as {@code ::}, the
 * first of equal runs; the last 32 bits dotted after {@code ::} or {@code ::ffff:} when the
 * address starts with five or six zero groups).
 */
final class InetText {
    private InetText() {
    }

    /**
     * An address and its prefix length as read from text.
     *
     * @param address 4 or 16 bytes
     * @param bits    the prefix length, or -1 when the text has none
     */
    record Parsed(byte[] address, int bits) {
    }

    static Parsed parse(byte[] b, int off, int len, String type) {
        int end = off + len;
        int slash = end;
        for (int i = off; i < end; i++) {
            if (b[i] == '/') {
                slash = i;
                break;
            }
        }
        boolean v6 = false;
        for (int i = off; i < slash; i++) {
            v6 |= b[i] == ':';
        }
        byte[] address = v6 ? ipv6(b, off, slash) : ipv4(b, off, slash);
        int bits = -1;
        if (slash < end) {
            bits = digits(b, slash + 1, end, 3);
            if (bits > address.length * 8) {
                bits = -1;
                address = null;
            }
        }
        if (address == null || (slash < end && bits < 0)) {
            throw Bytes.bad(type, b, off, len);
        }
        return new Parsed(address, bits);
    }

    /** A decimal number of 1 to {@code max} digits spanning {@code [from, to)}, else -1. */
    private static int digits(byte[] b, int from, int to, int max) {
        return (int) Bytes.parseUnsigned(b, from, to, max, 10);
    }

    /** {@code a.b.c.d} in {@code [from, to)}, or null. */
    private static byte[] ipv4(byte[] b, int from, int to) {
        byte[] out = new byte[4];
        int start = from;
        for (int part = 0; part < 4; part++) {
            int stop = start;
            while (stop < to && b[stop] != '.') {
                stop++;
            }
            int v = digits(b, start, stop, 3);
            if (v < 0 || v > 255 || (part < 3) == (stop == to)) {
                return null;
            }
            out[part] = (byte) v;
            start = stop + 1;
        }
        return out;
    }

    /** IPv6 groups with at most one {@code ::} and maybe a dotted quad at the end, or null. */
    private static byte[] ipv6(byte[] b, int from, int to) {
        int[] groups = new int[8];
        int n = 0;
        int gap = -1; // where "::" stands, in groups
        int i = from;
        if (to - from >= 2 && b[i] == ':' && b[i + 1] == ':') {
            gap = 0;
            i += 2;
        }
        while (i < to) {
            int start = i;
            int v = 0;
            while (i < to && i - start < 5 && Bytes.hexDigit(b[i]) >= 0) {
                v = v << 4 | Bytes.hexDigit(b[i]);
                i++;
            }
            if (i < to && b[i] == '.') {
                byte[] v4 = n <= 6 ? ipv4(b, start, to) : null;
                if (v4 == null) {
                    return null;
                }
                groups[n++] = (v4[0] & 0xFF) << 8 | (v4[1] & 0xFF);
                groups[n++] = (v4[2] & 0xFF) << 8 | (v4[3] & 0xFF);
                break;
            }
            if (i == start || i - start > 4 || n == 8) {
                return null;
            }
            groups[n++] = v;
            if (i == to) {
                break;
            }
            if (b[i] != ':' || ++i == to) {
                return null;
            }
            if (b[i] == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = n;
                i++;
            }
        }
        if (gap < 0 ? n != 8 : n > 7) {
            return null;
        }
        byte[] out = new byte[16];
        int shift = gap < 0 ? 0 : 8 - n;
        for (int g = 0; g < n; g++) {
            int at = g < gap || gap < 0 ? g : g + shift;
            out[2 * at] = (byte) (groups[g] >> 8);
            out[2 * at + 1] = (byte) groups[g];
        }
        return out;
    }

    /**
     * The server's text: the address, then {@code /bits} for a {@code cidr} or for an
     * {@code inet} that is not a single host.
     */
    static String format(byte[] address, int bits, boolean cidr) {
        String a = address.length == 4 ? ipv4(address, 0) : ipv6(address);
        return cidr || bits != address.length * 8 ? a + "/" + bits : a;
    }

    private static String ipv4(byte[] a, int from) {
        return (a[from] & 0xFF) + "." + (a[from + 1] & 0xFF) + "." + (a[from + 2] & 0xFF) + "." + (a[from + 3] & 0xFF);
    }

    private static String ipv6(byte[] a) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = (a[2 * i] & 0xFF) << 8 | (a[2 * i + 1] & 0xFF);
        }
        // the longest run of zero words, the first of equals; a single zero word stays
        int bestBase = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestBase = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder(41);
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xFFFF))) {
                return sb.append(ipv4(a, 12)).toString();
            }
            sb.append(Integer.toHexString(words[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }
}
