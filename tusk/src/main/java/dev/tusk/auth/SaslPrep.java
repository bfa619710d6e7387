package dev.tusk.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;

/**
 * SASLprep (RFC 4013, a profile of RFC 3454 stringprep) for SCRAM passwords, following
 * the rules PostgreSQL applies both when it stores a SCRAM verifier and in libpq, so that
 * the client hashes exactly the bytes the server hashed:
 *
 * <ol>
 *   <li>a pure ASCII password is used as is (no mapping, normalisation or checks);</li>
 *   <li>a password that is not valid UTF-8 is used as raw bytes;</li>
 *   <li>otherwise: non-ASCII spaces (C.1.2) map to U+0020, "commonly mapped to nothing"
 *       characters (B.1) are removed, and the result is NFKC-normalised;</li>
 *   <li>if the mapped string is empty, or contains a prohibited character (C.1.2, C.2.1,
 *       C.2.2, C.3&ndash;C.9), a code point unassigned in Unicode 3.2 (A.1), or breaks the
 *       bidirectional rules (RFC 3454 section 6), SASLprep fails and the raw bytes are used.</li>
 * </ol>
 *
 * <p>As in PostgreSQL, the prohibition and bidi checks look at the mapped string before NFKC;
 * the NFKC result is what is returned. Stateless and thread-safe.
 */
public final class SaslPrep {
    private SaslPrep() {
    }

    /**
     * Normalises a password for SCRAM the way PostgreSQL does.
     *
     * @param password the password bytes, normally UTF-8; not modified
     * @return a new array: the SASLprep'd UTF-8 bytes, or a copy of the input when SASLprep
     *         does not apply (ASCII, invalid UTF-8) or fails
     */
    public static byte[] normalizePassword(byte[] password) {
        if (isAscii(password)) {
            return password.clone();
        }
        String decoded = decodeUtf8(password);
        if (decoded == null) {
            return password.clone();
        }
        String prepared = prepare(decoded);
        return prepared == null ? password.clone() : prepared.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Runs SASLprep over a string with PostgreSQL's rules (see the class comment), except
     * the ASCII shortcut.
     *
     * @param input the string
     * @return the prepared string, or {@code null} if the input is empty after mapping,
     *         holds prohibited or unassigned code points, or fails the bidi rules
     */
    static String prepare(String input) {
        // 1) Map.
        int[] mapped = new int[input.length()];
        int count = 0;
        for (int i = 0; i < input.length(); ) {
            int cp = input.codePointAt(i);
            i += Character.charCount(cp);
            if (StringprepTables.contains(StringprepTables.NON_ASCII_SPACE, cp)) {
                mapped[count++] = ' ';
            } else if (!StringprepTables.contains(StringprepTables.MAPPED_TO_NOTHING, cp)) {
                mapped[count++] = cp;
            }
        }
        if (count == 0) {
            return null; // PostgreSQL does not allow an empty password
        }
        mapped = Arrays.copyOf(mapped, count);

        // 3) Prohibit (on the mapped string, as PostgreSQL does) and reject unassigned code points.
        boolean hasRandAL = false;
        for (int cp : mapped) {
            if (StringprepTables.contains(StringprepTables.PROHIBITED, cp)
                    || StringprepTables.contains(StringprepTables.UNASSIGNED, cp)) {
                return null;
            }
            hasRandAL |= StringprepTables.contains(StringprepTables.RAND_AL_CAT, cp);
        }

        // 4) Bidi: with any R/AL character, no L character, and R/AL first and last.
        if (hasRandAL) {
            for (int cp : mapped) {
                if (StringprepTables.contains(StringprepTables.L_CAT, cp)) {
                    return null;
                }
            }
            if (!StringprepTables.contains(StringprepTables.RAND_AL_CAT, mapped[0])
                    || !StringprepTables.contains(StringprepTables.RAND_AL_CAT, mapped[count - 1])) {
                return null;
            }
        }

        // 2) Normalize.
        return Normalizer.normalize(new String(mapped, 0, count), Normalizer.Form.NFKC);
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Strict UTF-8 decoding: {@code null} on any malformed or unmappable sequence. */
    private static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
