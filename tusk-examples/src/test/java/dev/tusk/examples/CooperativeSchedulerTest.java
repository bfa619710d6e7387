package dev.tusk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CooperativeSchedulerTest {
    private final String dsn;

    CooperativeSchedulerTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @Test
    void tenSleepingTasksOverlapOnTheServerWhileOnlyOneRunsAtATime() throws Exception {
        CooperativeScheduler scheduler = new CooperativeScheduler();
        long start = System.nanoTime();
        List<Integer> values = CooperativeScheduler.sleepTogether(scheduler, dsn, 10);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(values).isEqualTo(IntStream.range(0, 10).boxed().collect(Collectors.toList()));
        // One after the other they would take 2 s.
        assertThat(took).isLessThan(Duration.ofMillis(1500));
        assertThat(scheduler.mostConcurrentHolders()).isEqualTo(1);
    }
}
