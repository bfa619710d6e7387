package dev.tusk.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Md5PasswordTest {
    // Expected values computed independently with Python's hashlib:
    // "md5" + md5(md5(password + user).hexdigest() + salt).hexdigest()

    @Test
    void computesTheResponseForAnAsciiUserAndPassword() {
        byte[] response = Md5Password.response("postgres", bytes("secret"), new byte[] {1, 2, 3, 4});

        assertThat(new String(response, StandardCharsets.US_ASCII)).isEqualTo("md5bb41a296aab6baccb36ff243a562abff");
    }

    @Test
    void encodesANonAsciiUserAndPasswordAsUtf8() {
        byte[] salt = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};

        byte[] response = Md5Password.response("jürgen", bytes("pässwörd"), salt);

        assertThat(new String(response, StandardCharsets.US_ASCII)).isEqualTo("md5aae7104c69c2981684fe7d3a7c824ea0");
    }

    @Test
    void returnsThirtyFiveBytesWithoutTerminatingNul() {
        byte[] response = Md5Password.response("u", bytes("p"), new byte[4]);

        assertThat(response).hasSize(35).doesNotContain((byte) 0);
        assertThat(new String(response, StandardCharsets.US_ASCII)).matches("md5[0-9a-f]{32}");
    }

    @Test
    void leavesThePasswordArrayUntouched() {
        byte[] password = bytes("secret");

        Md5Password.response("postgres", password, new byte[] {1, 2, 3, 4});

        assertThat(password).isEqualTo(bytes("secret"));
    }

    @Test
    void rejectsASaltThatIsNotFourBytesWithoutShowingThePassword() {
        assertThatThrownBy(() -> Md5Password.response("postgres", bytes("hunter2"), new byte[3]))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("4 bytes")
                .message().doesNotContain("hunter2");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
