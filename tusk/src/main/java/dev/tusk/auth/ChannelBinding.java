package dev.tusk.auth;

import java.nio.charset.StandardCharsets;

/**
 * The channel binding a SCRAM exchange uses (RFC 5802 section 6): it decides the GS2 header,
 * the data bound into the {@code c=} attribute and the SASL mechanism name.
 *
 * <p>Only {@link #NONE} exists today: the GS2 header {@code n,,} (no channel binding, no
 * authorization identity) with plain {@code SCRAM-SHA-256}, which is what PostgreSQL accepts
 * over any connection. Binding to TLS will add a factory such as
 * {@code tlsServerEndPoint(byte[] certificateHash)} producing the header
 * {@code p=tls-server-end-point,,}, the hash as binding data and the mechanism
 * {@code SCRAM-SHA-256-PLUS}; {@link ScramSha256Client} only goes through the accessors below,
 * so it needs no change for that. Immutable.
 */
public final class ChannelBinding {
    /** No channel binding: GS2 header {@code n,,}, mechanism {@code SCRAM-SHA-256}. */
    public static final ChannelBinding NONE = new ChannelBinding("n,,", new byte[0], ScramSha256Client.MECHANISM);

    private final String gs2Header;
    private final byte[] data;
    private final String mechanism;

    private ChannelBinding(String gs2Header, byte[] data, String mechanism) {
        this.gs2Header = gs2Header;
        this.data = data;
        this.mechanism = mechanism;
    }

    /**
     * The GS2 header that starts the client-first-message, e.g. {@code n,,}.
     *
     * @return the header, including its trailing comma
     */
    public String gs2Header() {
        return gs2Header;
    }

    /**
     * The SASL mechanism name to request with this binding.
     *
     * @return e.g. {@code SCRAM-SHA-256}
     */
    public String mechanism() {
        return mechanism;
    }

    /**
     * What the client-final-message's {@code c=} attribute encodes: the GS2 header followed
     * by the channel binding data (none for {@link #NONE}).
     *
     * @return a new array
     */
    byte[] cbindInput() {
        byte[] header = gs2Header.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + data.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(data, 0, out, header.length, data.length);
        return out;
    }

    @Override
    public String toString() {
        return "ChannelBinding[" + gs2Header + "]";
    }
}
