package dev.tusk.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.NotSupportedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaslMechanismsTest {
    @Test
    void choosesScramSha256WhenOffered() {
        assertThat(SaslMechanisms.choose(List.of("SCRAM-SHA-256"))).isEqualTo("SCRAM-SHA-256");
    }

    @Test
    void choosesPlainScramSha256EvenWhenThePlusVariantIsOfferedFirst() {
        assertThat(SaslMechanisms.choose(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"))).isEqualTo("SCRAM-SHA-256");
    }

    @Test
    void rejectsAnOfferWithoutScramSha256NamingWhatWasOffered() {
        assertThatThrownBy(() -> SaslMechanisms.choose(List.of("SCRAM-SHA-256-PLUS", "OAUTHBEARER")))
                .isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("SCRAM-SHA-256-PLUS, OAUTHBEARER")
                .hasMessageContaining("supports SCRAM-SHA-256");
    }

    @Test
    void rejectsAnEmptyOffer() {
        assertThatThrownBy(() -> SaslMechanisms.choose(List.of()))
                .isInstanceOf(NotSupportedException.class)
                .hasMessageContaining("offered none");
    }
}
