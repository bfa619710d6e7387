package dev.tusk.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScramSha256ClientTest {
    // RFC 7677 section 3.
    private static final String RFC_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String RFC_SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String RFC_CLIENT_FINAL =
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                    + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String RFC_SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    // Vectors computed independently with Python (hashlib.pbkdf2_hmac, hmac), empty user name
    // as libpq sends it, and the nonce a SecureRandom yielding bytes 0..17 produces.
    private static final String PG_NONCE = "AAECAwQFBgcICQoLDA0ODxAR";
    private static final String PG_SERVER_FIRST = "r=" + PG_NONCE + "3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
    private static final String PG_FINAL_PREFIX = "c=biws,r=" + PG_NONCE + "3rfcNHYJY1ZVvWVs7j,p=";

    private static final String SECRET = "correct horse battery staple";

    @Test
    void producesTheRfc7677ClientFirstMessage() {
        ScramSha256Client scram = rfcClient("pencil");

        assertThat(scram.mechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(text(scram.clientFirstMessage())).isEqualTo("n,,n=user,r=" + RFC_NONCE);
    }

    @Test
    void producesTheRfc7677ClientFinalMessageAndAcceptsTheServerSignature() {
        ScramSha256Client scram = rfcClient("pencil");
        scram.clientFirstMessage();

        String clientFinal = text(scram.handleServerFirst(bytes(RFC_SERVER_FIRST)));
        assertThat(clientFinal).isEqualTo(RFC_CLIENT_FINAL);

        scram.verifyServerFinal(bytes(RFC_SERVER_FINAL));
        assertThat(scram.isComplete()).isTrue();
    }

    @Test
    void sendsAnEmptyUserNameAndAnEighteenByteBase64NonceByDefault() {
        ScramSha256Client scram = new ScramSha256Client(bytes("pencil"), countingRandom());

        assertThat(text(scram.clientFirstMessage())).isEqualTo("n,,n=,r=" + PG_NONCE);
    }

    @Test
    void drawsAFreshPrintableNonceFromARealSecureRandom() {
        String first = text(new ScramSha256Client(bytes("x"), new SecureRandom()).clientFirstMessage());
        String second = text(new ScramSha256Client(bytes("x"), new SecureRandom()).clientFirstMessage());

        assertThat(first).matches("n,,n=,r=[A-Za-z0-9+/]{24}").isNotEqualTo(second);
    }

    @Test
    void completesAnExchangeLikePostgresWithAnEmptyUserName() {
        assertExchange(new ScramSha256Client(bytes("pencil"), countingRandom()),
                "mlj6+TgB18Svtg2q0XzUF/P0xLcNGX7pAm5dmhnCZ40=", "v=Qif5Vsa27a+OF25SsCllOJfoLfQvd6fl9ktp9i92edU=");
    }

    @Test
    void acceptsTheSamePasswordGivenAsChars() {
        assertExchange(new ScramSha256Client("pencil".toCharArray(), countingRandom()),
                "mlj6+TgB18Svtg2q0XzUF/P0xLcNGX7pAm5dmhnCZ40=", "v=Qif5Vsa27a+OF25SsCllOJfoLfQvd6fl9ktp9i92edU=");
    }

    @Test
    void handlesAnEmptyPassword() {
        assertExchange(new ScramSha256Client(new byte[0], countingRandom()),
                "GgUX8Sr2lHO67E4hMzs/7jkGYgm4Z2/tJ2afyCdTvSg=", "v=6NZDC90QwQpIXLJoAGoGZjI8usnE62DlgsEJeAQoopY=");
    }

    @Test
    void hashesTheSaslPreppedPassword() {
        // U+2168 ROMAN NUMERAL NINE normalises to "IX": the vector was computed over b"IX".
        assertExchange(new ScramSha256Client("\u2168".toCharArray(), countingRandom()),
                "tweGjvJtZcsNT84QFSKeySq0oeYawxjBAfVJSm5Mycs=", "v=F1eZPrw8hYeYArTGHLMwD3mFKl29J86dMy3Q4Rg0rQI=");
    }

    @Test
    void hashesTheRawBytesWhenSaslPrepRejectsThePassword() {
        // The vector was computed over the UTF-8 bytes of "pässwörd\u0007", unnormalised.
        assertExchange(new ScramSha256Client("p\u00E4ssw\u00F6rd\u0007".toCharArray(), countingRandom()),
                "s4WI0nZdScinDjTI2RsfG1JVl3uHtLXCncfaj+lmNJk=", "v=LOpJ2A+bVaSVrLl9GrdCYzEbmXrshnolHwLAC0GSzFA=");
    }

    @Test
    void removesSoftHyphensAndMapsNoBreakSpacesBeforeHashing() {
        ScramSha256Client scram = rfcClient("pen\u00ADcil");
        scram.clientFirstMessage();

        assertThat(text(scram.handleServerFirst(bytes(RFC_SERVER_FIRST)))).isEqualTo(RFC_CLIENT_FINAL);

        ScramSha256Client spaced = rfcClient("\u00A0pencil");
        ScramSha256Client plain = rfcClient(" pencil");
        spaced.clientFirstMessage();
        plain.clientFirstMessage();
        assertThat(spaced.handleServerFirst(bytes(RFC_SERVER_FIRST)))
                .isEqualTo(plain.handleServerFirst(bytes(RFC_SERVER_FIRST)));
    }

    @Test
    void escapesCommaAndEqualsInTheUserName() {
        ScramSha256Client scram = new ScramSha256Client(bytes("x"), "a,b=c", ChannelBinding.NONE, countingRandom());

        assertThat(text(scram.clientFirstMessage())).isEqualTo("n,,n=a=2Cb=3Dc,r=" + PG_NONCE);
    }

    @Test
    void acceptsExtensionsAfterTheKnownServerFirstAttributes() {
        ScramSha256Client scram = started("pencil");

        assertThatCode(() -> scram.handleServerFirst(bytes(PG_SERVER_FIRST + ",x=future"))).doesNotThrowAnyException();
    }

    @Test
    void rejectsATamperedServerSignature() {
        ScramSha256Client scram = rfcClient("pencil");
        scram.clientFirstMessage();
        scram.handleServerFirst(bytes(RFC_SERVER_FIRST));

        assertThatThrownBy(() -> scram.verifyServerFinal(bytes("v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")))
                .isExactlyInstanceOf(OperationalException.class)
                .hasMessageContaining("server signature mismatch");
        assertThat(scram.isComplete()).isFalse();
    }

    @Test
    void rejectsAServerSignatureOfTheWrongLength() {
        ScramSha256Client scram = rfcClient("pencil");
        scram.clientFirstMessage();
        scram.handleServerFirst(bytes(RFC_SERVER_FIRST));

        assertThatThrownBy(() -> scram.verifyServerFinal(bytes("v=AAAA")))
                .isExactlyInstanceOf(OperationalException.class)
                .hasMessageContaining("server signature mismatch");
    }

    @Test
    void reportsTheServerErrorText() {
        ScramSha256Client scram = rfcClient("pencil");
        scram.clientFirstMessage();
        scram.handleServerFirst(bytes(RFC_SERVER_FIRST));

        assertThatThrownBy(() -> scram.verifyServerFinal(bytes("e=invalid-proof")))
                .isExactlyInstanceOf(OperationalException.class)
                .hasMessageContaining("invalid-proof");
    }

    @Test
    void acceptsExtensionsAfterTheServerSignature() {
        ScramSha256Client scram = rfcClient("pencil");
        scram.clientFirstMessage();
        scram.handleServerFirst(bytes(RFC_SERVER_FIRST));

        scram.verifyServerFinal(bytes(RFC_SERVER_FINAL + ",x=later"));

        assertThat(scram.isComplete()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x=foo", "v", "v=!!!notbase64", "V=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="})
    void rejectsAMalformedServerFinalMessage(String serverFinal) {
        ScramSha256Client scram = rfcClient("pencil");
        scram.clientFirstMessage();
        scram.handleServerFirst(bytes(RFC_SERVER_FIRST));

        assertThatThrownBy(() -> scram.verifyServerFinal(bytes(serverFinal))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsANonceThatDoesNotStartWithTheClientNonce() {
        ScramSha256Client scram = started("pencil");

        assertThatThrownBy(() -> scram.handleServerFirst(bytes("r=BBECAwQFBgcICQoLDA0ODxARxyz,s=QSXCR+Q6sek8bf92,i=4096")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("nonce");
    }

    @Test
    void rejectsANonceWithoutAServerPart() {
        ScramSha256Client scram = started("pencil");

        assertThatThrownBy(() -> scram.handleServerFirst(bytes("r=" + PG_NONCE + ",s=QSXCR+Q6sek8bf92,i=4096")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("nonce");
    }

    @Test
    void rejectsANonceWithNonPrintableCharacters() {
        ScramSha256Client scram = started("pencil");

        assertThatThrownBy(() -> scram.handleServerFirst(bytes("r=" + PG_NONCE + "a b,s=QSXCR+Q6sek8bf92,i=4096")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("nonce");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "", "abc", "4096x", "10000001", "99999999999", "+5"})
    void rejectsAnIterationCountOutsideTheAcceptedRange(String iterations) {
        ScramSha256Client scram = started("pencil");

        assertThatThrownBy(() -> scram.handleServerFirst(bytes("r=" + PG_NONCE + "srv,s=QSXCR+Q6sek8bf92,i=" + iterations)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("iteration count");
    }

    @Test
    void rejectsASaltThatIsNotBase64() {
        ScramSha256Client scram = started("pencil");

        assertThatThrownBy(() -> scram.handleServerFirst(bytes("r=" + PG_NONCE + "srv,s=@@@@,i=4096")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("salt");
    }

    @Test
    void rejectsAnEmptySalt() {
        ScramSha256Client scram = started("pencil");

        assertThatThrownBy(() -> scram.handleServerFirst(bytes("r=" + PG_NONCE + "srv,s=,i=4096")))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("salt");
    }

    @Test
    void rejectsAMandatoryExtension() {
        ScramSha256Client scram = started("pencil");

        assertThatThrownBy(() -> scram.handleServerFirst(bytes("m=ext," + PG_SERVER_FIRST)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("mandatory extension");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "s=QSXCR+Q6sek8bf92,r=AAECAwQFBgcICQoLDA0ODxARsrv,i=4096",
        "r=AAECAwQFBgcICQoLDA0ODxARsrv,i=4096",
        "r=AAECAwQFBgcICQoLDA0ODxARsrv,s=QSXCR+Q6sek8bf92",
        "r=AAECAwQFBgcICQoLDA0ODxARsrv,s=QSXCR+Q6sek8bf92,i=4096,",
        "r=AAECAwQFBgcICQoLDA0ODxARsrv,s=QSXCR+Q6sek8bf92,i=4096,,x=1",
        "r=AAECAwQFBgcICQoLDA0ODxARsrv,s=QSXCR+Q6sek8bf92,i=4096,garbage",
        "e=other-error"
    })
    void rejectsAMalformedServerFirstMessage(String serverFirst) {
        ScramSha256Client scram = started("pencil");

        assertThatThrownBy(() -> scram.handleServerFirst(bytes(serverFirst)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("server-first-message");
    }

    @Test
    void rejectsAServerFirstMessageThatIsNotUtf8() {
        ScramSha256Client scram = started("pencil");
        byte[] message = bytes(PG_SERVER_FIRST);
        message[message.length - 1] = (byte) 0xFF;

        assertThatThrownBy(() -> scram.handleServerFirst(message))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void refusesStepsOutOfOrder() {
        ScramSha256Client scram = new ScramSha256Client(bytes("pencil"), countingRandom());

        assertThatThrownBy(() -> scram.handleServerFirst(bytes(PG_SERVER_FIRST))).isInstanceOf(InterfaceException.class);
        assertThatThrownBy(() -> scram.verifyServerFinal(bytes("v=AAAA"))).isInstanceOf(InterfaceException.class);
        scram.clientFirstMessage();
        assertThatThrownBy(scram::clientFirstMessage).isInstanceOf(InterfaceException.class);
    }

    @Test
    void isUnusableAfterAFailure() {
        ScramSha256Client scram = started("pencil");
        assertThatThrownBy(() -> scram.handleServerFirst(bytes("garbage"))).isInstanceOf(ProtocolException.class);

        assertThatThrownBy(() -> scram.handleServerFirst(bytes(PG_SERVER_FIRST))).isInstanceOf(InterfaceException.class);
    }

    @Test
    void cannotVerifyTwice() {
        ScramSha256Client scram = rfcClient("pencil");
        scram.clientFirstMessage();
        scram.handleServerFirst(bytes(RFC_SERVER_FIRST));
        scram.verifyServerFinal(bytes(RFC_SERVER_FINAL));

        assertThatThrownBy(() -> scram.verifyServerFinal(bytes(RFC_SERVER_FINAL))).isInstanceOf(InterfaceException.class);
    }

    @Test
    void rejectsACharPasswordWithAnUnpairedSurrogate() {
        assertThatThrownBy(() -> new ScramSha256Client(new char[] {'a', '\uD800', 'b'}, countingRandom()))
                .isInstanceOf(InterfaceException.class)
                .hasMessageContaining("surrogate");
    }

    @Test
    void copiesThePasswordSoTheCallerMayWipeIt() {
        byte[] password = bytes("pencil");
        ScramSha256Client scram = new ScramSha256Client(password, "user", ChannelBinding.NONE, countingRandom());
        Arrays.fill(password, (byte) 0);
        scram.clientFirstMessage();

        String clientFinal = text(scram.handleServerFirst(bytes(PG_SERVER_FIRST)));

        assertThat(password).containsOnly(0);
        assertThat(clientFinal).startsWith(PG_FINAL_PREFIX);
    }

    @Test
    void neverPutsThePasswordInAnExceptionMessage() {
        List<String> serverFirsts = List.of(
                "garbage", "m=x," + PG_SERVER_FIRST, "r=wrong" + SECRET + ",s=QSXCR+Q6sek8bf92,i=1",
                "r=" + PG_NONCE + "s,s=!!,i=1", "r=" + PG_NONCE + "s,s=QSXCR+Q6sek8bf92,i=0");
        for (String serverFirst : serverFirsts) {
            ScramSha256Client scram = startedWith(SECRET);
            Throwable thrown = catchThrowable(() -> scram.handleServerFirst(bytes(serverFirst.replace(SECRET, "x"))));
            assertThat(thrown).isNotNull();
            assertThat(messages(thrown)).doesNotContain(SECRET);
        }
        for (String serverFinal : List.of("e=invalid-proof", "v=AAAA", "v=%%", "zzz")) {
            ScramSha256Client scram = startedWith(SECRET);
            scram.handleServerFirst(bytes(PG_SERVER_FIRST));
            Throwable thrown = catchThrowable(() -> scram.verifyServerFinal(bytes(serverFinal)));
            assertThat(thrown).isNotNull();
            assertThat(messages(thrown)).doesNotContain(SECRET);
        }
        assertThat(messages(catchThrowable(() -> new ScramSha256Client((SECRET + "\uD800").toCharArray(), countingRandom()))))
                .doesNotContain(SECRET);
    }

    private static void assertExchange(ScramSha256Client scram, String proof, String serverFinal) {
        assertThat(text(scram.clientFirstMessage())).isEqualTo("n,,n=,r=" + PG_NONCE);
        assertThat(text(scram.handleServerFirst(bytes(PG_SERVER_FIRST)))).isEqualTo(PG_FINAL_PREFIX + proof);
        scram.verifyServerFinal(bytes(serverFinal));
        assertThat(scram.isComplete()).isTrue();
    }

    private static ScramSha256Client rfcClient(String password) {
        return new ScramSha256Client(bytes(password), "user", ChannelBinding.NONE, RFC_NONCE);
    }

    private static ScramSha256Client started(String password) {
        return startedWith(password);
    }

    private static ScramSha256Client startedWith(String password) {
        ScramSha256Client scram = new ScramSha256Client(bytes(password), countingRandom());
        scram.clientFirstMessage();
        return scram;
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append('\n');
        }
        return sb.toString();
    }

    /** A "random" source that yields 0, 1, 2, ... so the nonce is predictable. */
    private static SecureRandom countingRandom() {
        return new SecureRandom() {
            private static final long serialVersionUID = 1L;
            private int next;

            @Override
            public void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) next++;
                }
            }
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
