package dev.tusk.auth;

import dev.tusk.errors.NotSupportedException;

import java.util.List;
import java.util.Objects;

/**
 * Picks the SASL mechanism from those a server offers in {@code AuthenticationSASL}.
 * Stateless and thread-safe.
 */
public final class SaslMechanisms {
    private SaslMechanisms() {
    }

    /**
     * Chooses the mechanism to use. Today that is plain {@code SCRAM-SHA-256}: it is chosen
     * whenever offered, also when the server offers {@code SCRAM-SHA-256-PLUS} too, since
     * channel binding is not implemented yet.
     *
     * @param offered the mechanism names, in the server's order
     * @return {@value ScramSha256Client#MECHANISM}
     * @throws NotSupportedException if the server does not offer it; the message lists what
     *                               the server offered
     */
    public static String choose(List<String> offered) {
        Objects.requireNonNull(offered, "offered");
        if (offered.contains(ScramSha256Client.MECHANISM)) {
            return ScramSha256Client.MECHANISM;
        }
        throw new NotSupportedException("none of the SASL authentication mechanisms offered by the server is supported:"
                + " the server offered " + (offered.isEmpty() ? "none" : String.join(", ", offered))
                + "; Tusk supports " + ScramSha256Client.MECHANISM);
    }
}
