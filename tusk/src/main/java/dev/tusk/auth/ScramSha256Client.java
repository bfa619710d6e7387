package dev.tusk.auth;

import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.NotSupportedException;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.ProtocolException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * The client side of a SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) as PostgreSQL runs it.
 * Sans-IO: the caller moves the bytes between this object and the SASL messages.
 *
 * <pre>{@code
 * var scram = new ScramSha256Client(password, new SecureRandom());
 * send SASLInitialResponse(scram.mechanism(), scram.clientFirstMessage());
 * send SASLResponse(scram.handleServerFirst(authenticationSaslContinueData));
 * scram.verifyServerFinal(authenticationSaslFinalData);   // throws unless the server proved itself
 * }</pre>
 *
 * <p>The password is normalised with {@link SaslPrep#normalizePassword(byte[])} (PostgreSQL's
 * rules), copied, and wiped once the keys are derived. The user name is empty by default:
 * PostgreSQL ignores it and takes the one from the startup message, and libpq sends
 * {@code n=}. Channel binding is chosen with {@link ChannelBinding}; only
 * {@link ChannelBinding#NONE} (GS2 header {@code n,,}) exists today.
 *
 * <p>Errors: a malformed or inconsistent server message throws {@link ProtocolException};
 * a server-reported error ({@code e=}) or a wrong server signature throws
 * {@link OperationalException}; calling the steps out of order throws
 * {@link InterfaceException}. No message ever contains the password or derived keys.
 * After any failure the object is unusable. Not thread-safe: one exchange, one thread at a time.
 */
public final class ScramSha256Client {
    /** The SASL mechanism name. */
    public static final String MECHANISM = "SCRAM-SHA-256";

    /**
     * The largest iteration count accepted from a server: {@value}. PostgreSQL's default is
     * 4096 ({@code scram_iterations}); ten million already costs seconds of CPU, and a
     * larger value from a hostile server would make the client spin.
     */
    public static final int MAX_ITERATIONS = 10_000_000;

    private static final int NONCE_BYTES = 18;
    private static final int KEY_LENGTH = 32;

    private enum State { INITIAL, FIRST_SENT, FINAL_SENT, DONE, FAILED }

    private final String saslName;
    private final ChannelBinding binding;
    private final String clientNonce;
    private byte[] password;
    private State state = State.INITIAL;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    /**
     * Starts an exchange with an empty user name and no channel binding.
     *
     * @param password the password bytes (normally UTF-8); copied, the caller may wipe its array
     * @param random   the source of the client nonce
     */
    public ScramSha256Client(byte[] password, SecureRandom random) {
        this(password, "", ChannelBinding.NONE, random);
    }

    /**
     * Starts an exchange with an empty user name and no channel binding.
     *
     * @param password the password; encoded as UTF-8, the caller may wipe its array
     * @param random   the source of the client nonce
     * @throws InterfaceException if the password holds an unpaired surrogate
     */
    public ScramSha256Client(char[] password, SecureRandom random) {
        this(utf8(password), "", ChannelBinding.NONE, newNonce(random));
    }

    /**
     * Starts an exchange.
     *
     * @param password the password bytes (normally UTF-8); copied, the caller may wipe its array
     * @param username the user name for the {@code n=} attribute; PostgreSQL ignores it, use ""
     * @param binding  the channel binding
     * @param random   the source of the client nonce
     */
    public ScramSha256Client(byte[] password, String username, ChannelBinding binding, SecureRandom random) {
        this(password.clone(), username, binding, newNonce(random));
    }

    /**
     * Starts an exchange with a fixed client nonce: for test vectors only.
     *
     * @param ownedPassword the password; this object takes and later wipes the array
     * @param username      the user name for {@code n=}
     * @param binding       the channel binding
     * @param clientNonce   printable ASCII without {@code ','}
     */
    ScramSha256Client(byte[] ownedPassword, String username, ChannelBinding binding, String clientNonce) {
        Objects.requireNonNull(ownedPassword, "password");
        this.saslName = escapeSaslName(Objects.requireNonNull(username, "username"));
        this.binding = Objects.requireNonNull(binding, "binding");
        if (clientNonce.isEmpty() || !isPrintable(clientNonce)) {
            throw new IllegalArgumentException("the client nonce must be printable ASCII without ','");
        }
        this.clientNonce = clientNonce;
        this.password = SaslPrep.normalizePassword(ownedPassword);
        Arrays.fill(ownedPassword, (byte) 0);
    }

    /**
     * The SASL mechanism to name in {@code SASLInitialResponse}.
     *
     * @return {@code SCRAM-SHA-256} (or the channel-binding variant when one is used)
     */
    public String mechanism() {
        return binding.mechanism();
    }

    /**
     * The client-first-message: the GS2 header, {@code n=}user and {@code r=}nonce.
     *
     * @return the message bytes (ASCII/UTF-8)
     * @throws InterfaceException if called twice
     */
    public byte[] clientFirstMessage() {
        expect(State.INITIAL, "clientFirstMessage");
        clientFirstBare = "n=" + saslName + ",r=" + clientNonce;
        state = State.FIRST_SENT;
        return (binding.gs2Header() + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks the server-first-message and computes the client-final-message with the proof.
     *
     * @param serverFirst the data of {@code AuthenticationSASLContinue}
     * @return the client-final-message bytes
     * @throws ProtocolException  if the message is malformed, requires an extension
     *                            ({@code m=}), its nonce does not extend ours, the salt is not
     *                            base64 or the iteration count is out of range
     * @throws InterfaceException  if called out of order
     */
    public byte[] handleServerFirst(byte[] serverFirst) {
        expect(State.FIRST_SENT, "handleServerFirst");
        Objects.requireNonNull(serverFirst, "serverFirst");
        state = State.FAILED; // until proven otherwise
        try {
            String message = decode(serverFirst, "server-first-message");
            Attributes attrs = new Attributes(message, "server-first-message");
            if (attrs.peek() == 'm') {
                throw new ProtocolException(
                        "unsupported SCRAM server-first-message: it requires a mandatory extension (m=)");
            }
            String nonce = attrs.next('r', "nonce");
            String salt64 = attrs.next('s', "salt");
            String iterText = attrs.next('i', "iteration count");
            attrs.skipExtensions();

            if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
                throw new ProtocolException(
                        "invalid SCRAM server-first-message: the nonce does not extend the client nonce");
            }
            if (!isPrintable(nonce)) {
                throw new ProtocolException(
                        "invalid SCRAM server-first-message: the nonce has non-printable characters or ','");
            }
            byte[] salt = base64(salt64, "salt");
            if (salt.length == 0) {
                throw new ProtocolException("invalid SCRAM server-first-message: the salt is empty");
            }
            int iterations = parseIterations(iterText);

            String clientFinalWithoutProof = "c=" + Base64.getEncoder().encodeToString(binding.cbindInput())
                    + ",r=" + nonce;
            byte[] authMessage = (clientFirstBare + "," + message + "," + clientFinalWithoutProof)
                    .getBytes(StandardCharsets.UTF_8);

            byte[] saltedPassword = hi(password, salt, iterations);
            byte[] clientKey = hmac(saltedPassword, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = sha256(clientKey);
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] proof = new byte[KEY_LENGTH];
            for (int i = 0; i < KEY_LENGTH; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            byte[] serverKey = hmac(saltedPassword, "Server Key".getBytes(StandardCharsets.US_ASCII));
            expectedServerSignature = hmac(serverKey, authMessage);
            Arrays.fill(saltedPassword, (byte) 0);
            Arrays.fill(clientKey, (byte) 0);
            Arrays.fill(storedKey, (byte) 0);
            Arrays.fill(serverKey, (byte) 0);

            state = State.FINAL_SENT;
            return (clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                    .getBytes(StandardCharsets.US_ASCII);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    /**
     * Checks the server-final-message: the server must prove it knows the password's verifier.
     *
     * @param serverFinal the data of {@code AuthenticationSASLFinal}
     * @throws OperationalException if the server reports an error ({@code e=}, its text in the
     *                              message) or its signature does not match
     * @throws ProtocolException    if the message is malformed
     * @throws InterfaceException   if called out of order
     */
    public void verifyServerFinal(byte[] serverFinal) {
        expect(State.FINAL_SENT, "verifyServerFinal");
        Objects.requireNonNull(serverFinal, "serverFinal");
        state = State.FAILED;
        byte[] expected = expectedServerSignature;
        expectedServerSignature = null;
        String message = decode(serverFinal, "server-final-message");
        Attributes attrs = new Attributes(message, "server-final-message");
        if (attrs.peek() == 'e') {
            String error = attrs.next('e', "error");
            throw new OperationalException("SCRAM authentication failed: the server reported '" + error + "'");
        }
        String verifier = attrs.next('v', "verifier");
        attrs.skipExtensions();
        byte[] signature = base64(verifier, "server signature");
        boolean ok = MessageDigest.isEqual(expected, signature);
        Arrays.fill(expected, (byte) 0);
        if (!ok) {
            throw new OperationalException("SCRAM authentication failed: server signature mismatch");
        }
        state = State.DONE;
    }

    /**
     * Whether the exchange completed and the server's signature was verified.
     *
     * @return {@code true} after a successful {@link #verifyServerFinal(byte[])}
     */
    public boolean isComplete() {
        return state == State.DONE;
    }

    private void expect(State wanted, String step) {
        if (state != wanted) {
            throw new InterfaceException("SCRAM " + step + "() called in state " + state);
        }
    }

    private static int parseIterations(String text) {
        if (text.isEmpty() || text.length() > 10) {
            throw new ProtocolException("invalid SCRAM iteration count: '" + text + "'");
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProtocolException("invalid SCRAM iteration count: '" + text + "'");
            }
            value = value * 10 + (c - '0');
        }
        if (value < 1 || value > MAX_ITERATIONS) {
            throw new ProtocolException("SCRAM iteration count " + value
                    + " is out of the accepted range 1.." + MAX_ITERATIONS);
        }
        return (int) value;
    }

    /** PBKDF2-HMAC-SHA-256 with one output block: RFC 5802's Hi(). */
    private static byte[] hi(byte[] password, byte[] salt, int iterations) {
        Mac mac = mac(password);
        mac.update(salt);
        mac.update(new byte[] {0, 0, 0, 1});
        byte[] u = mac.doFinal();
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        Arrays.fill(u, (byte) 0);
        return result;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new RawKey(key));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new NotSupportedException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new NotSupportedException("SHA-256 is not available in this JVM", e);
        }
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("invalid base64 in the SCRAM " + what);
        }
    }

    private static String decode(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("the SCRAM " + what + " is not valid UTF-8");
        }
    }

    private static byte[] utf8(char[] password) {
        Objects.requireNonNull(password, "password");
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer;
        try {
            buffer = encoder.encode(CharBuffer.wrap(password));
        } catch (CharacterCodingException e) {
            throw new InterfaceException("the password is not valid Unicode: it has an unpaired surrogate");
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return out;
    }

    private static String newNonce(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] raw = new byte[NONCE_BYTES];
        random.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    /** RFC 5802 saslname: ',' and '=' are escaped as =2C and =3D. */
    private static String escapeSaslName(String name) {
        if (name.indexOf(',') < 0 && name.indexOf('=') < 0) {
            return name;
        }
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    /** RFC 5802 printable: %x21-2B / %x2D-7E. */
    private static boolean isPrintable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** A cursor over the comma-separated {@code a=value} attributes of a SCRAM message. */
    private static final class Attributes {
        private final String[] parts;
        private final String what;
        private int index;

        Attributes(String message, String what) {
            this.parts = message.split(",", -1);
            this.what = what;
        }

        /** The letter of the next attribute, or 0 at the end or before an empty one. */
        char peek() {
            return index < parts.length && !parts[index].isEmpty() ? parts[index].charAt(0) : 0;
        }

        String next(char name, String description) {
            String part = index < parts.length ? parts[index] : "";
            if (part.length() < 2 || part.charAt(0) != name || part.charAt(1) != '=') {
                throw new ProtocolException("malformed SCRAM " + what + ": expected the " + description
                        + " attribute '" + name + "='");
            }
            index++;
            return part.substring(2);
        }

        /** Skips optional trailing extensions: each must look like {@code a=value}. */
        void skipExtensions() {
            for (; index < parts.length; index++) {
                String part = parts[index];
                char c = part.isEmpty() ? 0 : part.charAt(0);
                boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                if (!letter || part.length() < 2 || part.charAt(1) != '=') {
                    throw new ProtocolException("malformed SCRAM " + what + ": attribute "
                            + (index + 1) + " is not of the form 'a=value'");
                }
            }
        }
    }

    /** A key that, unlike {@code SecretKeySpec}, may be empty (an empty password). */
    private static final class RawKey implements SecretKey {
        private static final long serialVersionUID = 1L;
        private final byte[] key;

        RawKey(byte[] key) {
            this.key = key;
        }

        @Override
        public String getAlgorithm() {
            return "HmacSHA256";
        }

        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return key.clone();
        }
    }
}
