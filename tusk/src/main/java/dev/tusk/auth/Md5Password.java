package dev.tusk.auth;

import dev.tusk.errors.NotSupportedException;
import dev.tusk.errors.ProtocolException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The response to PostgreSQL's {@code AuthenticationMD5Password} request:
 * {@code "md5" + hex(md5(hex(md5(password + user)) + salt))}. Stateless and thread-safe.
 */
public final class Md5Password {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Md5Password() {
    }

    /**
     * Computes the MD5 password response.
     *
     * @param user     the user name of the startup message (encoded as UTF-8)
     * @param password the password bytes; not modified
     * @param salt4    the 4-byte salt the server sent
     * @return the 35 ASCII bytes {@code md5<32 hex digits>}, without the terminating NUL
     *         (the caller adds it)
     * @throws ProtocolException     if the salt is not 4 bytes long
     * @throws NotSupportedException if the JVM has no MD5 (e.g. a FIPS-only provider set)
     */
    public static byte[] response(String user, byte[] password, byte[] salt4) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(salt4, "salt4");
        if (salt4.length != 4) {
            throw new ProtocolException("the MD5 password salt must be 4 bytes, got " + salt4.length);
        }
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new NotSupportedException("MD5 password authentication: MD5 is not available in this JVM", e);
        }
        md5.update(password);
        md5.update(user.getBytes(StandardCharsets.UTF_8));
        byte[] inner = md5.digest();
        byte[] innerHex = hex(inner, 0);
        Arrays.fill(inner, (byte) 0);
        md5.update(innerHex);
        md5.update(salt4);
        Arrays.fill(innerHex, (byte) 0);
        byte[] outer = md5.digest();
        byte[] result = hex(outer, 3);
        result[0] = 'm';
        result[1] = 'd';
        result[2] = '5';
        return result;
    }

    /** Lower-case hex of {@code bytes}, written after {@code offset} free leading bytes. */
    private static byte[] hex(byte[] bytes, int offset) {
        byte[] out = new byte[offset + bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[offset + 2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[offset + 2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return out;
    }
}
