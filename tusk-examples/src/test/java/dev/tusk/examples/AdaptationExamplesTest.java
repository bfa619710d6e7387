package dev.tusk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.examples.AdaptationExamples.Scope;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(PostgresExtension.class)
class AdaptationExamplesTest {
    private final String dsn;

    AdaptationExamplesTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @ParameterizedTest
    @EnumSource(Scope.class)
    void seed003PointAdapterAndCasterWorkAtEachScope(Scope scope) {
        Map<String, Object> shown = AdaptationExamples.run(dsn, scope);
        assertThat(shown).containsEntry("command", "INSERT INTO atable (apoint) VALUES ('(1.23, 4.56)'::point)")
                .containsEntry("oid from description", 600)
                .containsEntry("oid from catalog", 600L)
                .containsEntry("stored", "(1.23,4.56)")
                .containsEntry("point.x", 10.2)
                .containsEntry("point.y", 20.3);
    }
}
