package dev.tusk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SaslPrepTest {
    @Test
    void leavesAsciiUntouchedEvenControlCharacters() {
        assertThat(prep("pencil")).isEqualTo("pencil");
        assertThat(prep("a\u0007b")).isEqualTo("a\u0007b");
        assertThat(prep("")).isEmpty();
    }

    @Test
    void mapsNonAsciiSpacesToAsciiSpace() {
        assertThat(prep("pass\u00A0word")).isEqualTo("pass word");
        assertThat(prep("a\u3000b\u2003c")).isEqualTo("a b c");
    }

    @Test
    void mapsZeroWidthSpaceToSpaceBecauseTableC12ComesFirstAsInPostgres() {
        assertThat(prep("a\u200Bb\u00E9")).isEqualTo("a b\u00E9");
    }

    @Test
    void removesCommonlyMappedToNothingCharacters() {
        assertThat(prep("I\u00ADX")).isEqualTo("IX");
        assertThat(prep("pen\u00ADcil\uFEFF\u200D")).isEqualTo("pencil");
    }

    @Test
    void appliesNfkcNormalization() {
        assertThat(prep("\uFB01sh")).isEqualTo("fish");
        assertThat(prep("\u00AA")).isEqualTo("a");
        assertThat(prep("\u2168")).isEqualTo("IX");
        assertThat(prep("A\u030A")).isEqualTo("\u00C5");
    }

    @Test
    void usesRawBytesWhenAProhibitedCharacterIsPresent() {
        assertRaw("p\u00E4ss\u0007");        // C.2.1 ASCII control, with non-ASCII
        assertRaw("\u00E4\u0085");           // C.2.2 non-ASCII control
        assertRaw("\u00E4\uE000");           // C.3 private use
        assertRaw("\u00E4\uFDD0");           // C.4 non-character
        assertRaw("\u00E4\uFFFD");           // C.6 inappropriate for plain text
        assertRaw("\u00E4\u2FF0");           // C.7 ideographic description
        assertRaw("\u00E4\u202E");           // C.8 change display properties
        assertRaw("\u00E4\uDB40\uDC01");     // C.9 tagging character U+E0001
    }

    @Test
    void checksProhibitedCharactersBeforeNormalizationAsPostgresDoes() {
        // U+0340 (C.8) would normalise to the allowed U+0300, but PostgreSQL rejects it first.
        assertRaw("a\u0340");
    }

    @Test
    void usesRawBytesForCodePointsUnassignedInUnicode32() {
        assertRaw("\uFB01\u0221");              // U+0221 was assigned later; no NFKC of the ligature
        assertRaw("smile\uD83D\uDE00");         // U+1F600
    }

    @Test
    void usesRawBytesWhenTheBidiRulesAreBroken() {
        assertRaw("\u0627\u0031");              // RFC 4013 example: RandALCat not last
        assertRaw("\u0627a\u0628");             // RandALCat with an LCat character
    }

    @Test
    void acceptsAWellFormedRightToLeftPassword() {
        assertThat(prep("\u0627\u0031\u0628")).isEqualTo("\u0627\u0031\u0628");
    }

    @Test
    void usesRawBytesWhenThePasswordIsEmptyAfterMapping() {
        assertRaw("\u00AD");
    }

    @Test
    void usesRawBytesWhenThePasswordIsNotUtf8() {
        byte[] latin1 = {'p', (byte) 0xE4, 's', 's'};

        assertThat(SaslPrep.normalizePassword(latin1)).isEqualTo(latin1).isNotSameAs(latin1);
    }

    @Test
    void neverModifiesTheInputArray() {
        byte[] input = utf8("pass\u00A0word");

        SaslPrep.normalizePassword(input);

        assertThat(input).isEqualTo(utf8("pass\u00A0word"));
    }

    private static String prep(String password) {
        return new String(SaslPrep.normalizePassword(utf8(password)), StandardCharsets.UTF_8);
    }

    private static void assertRaw(String password) {
        assertThat(SaslPrep.normalizePassword(utf8(password))).isEqualTo(utf8(password));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
