package dev.tusk.types;

import dev.tusk.errors.DataException;
import java.util.Arrays;

/**
 * {@code bit} and {@code varbit}: loaders for both formats and the binary {@code varbit}
 * dumper. The binary form ({@code varbit_send}) is the bit length as an int4 and then the
 * bits packed most significant first.
 */
final class BitStringCodec {
    private BitStringCodec() {
    }

    static BitString parse(byte[] b, int off, int len) {
        byte[] bits = new byte[(len + 7) >>> 3];
        for (int i = 0; i < len; i++) {
            byte c = b[off + i];
            if (c == '1') {
                bits[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            } else if (c != '0') {
                throw Bytes.bad("bit string", b, off, len);
            }
        }
        return BitString.ofOwned(bits, len);
    }

    static final Loader<BitString> TEXT = (b, off, len, ctx) -> parse(b, off, len);

    static final Loader<BitString> BINARY = (b, off, len, ctx) -> {
        if (len < 4) {
            Bytes.expectLength(len, 4, "varbit");
        }
        int bits = Bytes.getInt(b, off);
        if (bits < 0 || (bits + 7L) / 8 != len - 4) {
            throw new DataException("bad varbit binary value: " + bits + " bits in " + (len - 4) + " bytes");
        }
        return BitString.ofOwned(Arrays.copyOfRange(b, off + 4, off + len), bits);
    };

    static final Dumper<BitString> DUMPER = SimpleDumper.binary(Oids.VARBIT,
            (v, out) -> out.writeInt(v.length()).write(v.bytes()));
}
