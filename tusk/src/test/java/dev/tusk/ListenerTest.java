package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.OperationalException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Listener}: LISTEN that survives its connection. */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenerTest {
    private static final Listener.Backoff FAST = new Listener.Backoff(Duration.ofMillis(50), Duration.ofMillis(400), 0.2);
    private static final String APP = "tusk-listener-test";
    private final String dsn;
    private Connection admin;
    private Listener listener;
    private TestSubscriber<ListenerEvent> events;

    ListenerTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void start() {
        admin = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build());
        listener = Listener.start(dsn, ConnectOptions.builder().param("application_name", APP).build(), FAST);
        events = new TestSubscriber<>(Long.MAX_VALUE);
        listener.events().subscribe(events);
    }

    @AfterEach
    void stop() {
        listener.close();
        admin.close();
    }

    @Test
    void aTerminatedBackendIsReplacedListenedOnAgainAndTheGapIsSignalled() throws Exception {
        listener.listen("orders").get(10, TimeUnit.SECONDS);
        listener.listen("Mixed Case \"chan\"").get(10, TimeUnit.SECONDS);
        assertThat(listener.isConnected()).isTrue();
        admin.notify("orders", "before");
        assertThat(next()).isEqualTo("orders/before");

        int pid = listenerPid();
        long killedAt = System.nanoTime();
        admin.execute("SELECT pg_terminate_backend(%s)", pid);

        Object gapEvent = next();
        assertThat(gapEvent).isInstanceOf(ListenerEvent.Gap.class);
        ListenerEvent.Gap gap = (ListenerEvent.Gap) gapEvent;
        assertThat(gap.restored()).isAfterOrEqualTo(gap.lost());
        assertThat(gap.duration()).isLessThan(Duration.ofNanos(System.nanoTime() - killedAt).plusMillis(1));
        assertThat(gap.cause()).isNotNull();
        System.out.println("listener gap after pg_terminate_backend: " + gap.duration().toMillis() + " ms, cause: "
                + gap.cause().getMessage());

        // Back, on a new backend, listening on both channels again.
        assertThat(listener.isConnected()).isTrue();
        assertThat(listenerPid()).isNotEqualTo(pid);
        admin.notify("orders", "after");
        admin.notify("Mixed Case \"chan\"", "after too");
        assertThat(next()).isEqualTo("orders/after");
        assertThat(next()).isEqualTo("Mixed Case \"chan\"/after too");
    }

    @Test
    void listenBeforeTheConnectionIsUpUnlistenAndClose() throws Exception {
        CompletableFuture<Void> listened = listener.listen("jobs");
        listened.get(10, TimeUnit.SECONDS);
        assertThat(listener.channels()).containsExactly("jobs");
        admin.notify("jobs", "one");
        assertThat(next()).isEqualTo("jobs/one");

        listener.unlisten("jobs").get(10, TimeUnit.SECONDS);
        assertThat(listener.channels()).isEmpty();
        admin.notify("jobs", "unheard");
        listener.listen("other").get(10, TimeUnit.SECONDS);
        admin.notify("other", "heard");
        assertThat(next()).isEqualTo("other/heard");

        listener.close();
        assertThat(events.done.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(listener.isConnected()).isFalse();
        assertThatThrownBy(() -> listener.listen("late").join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(OperationalException.class);
    }

    @Test
    void badChannelNamesAndConninfoAreRefusedAtOnce() {
        assertThatThrownBy(() -> listener.listen("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> listener.listen("x".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Listener.start("host='unterminated")).isInstanceOf(ProgrammingException.class);
        assertThatThrownBy(() -> new Listener.Backoff(Duration.ZERO, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBackoffDoublesUpToItsCapWithJitterBelowTheBase() {
        Listener.Backoff b = new Listener.Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 0.2);
        assertThat(b.delay(0)).isBetween(Duration.ofMillis(80), Duration.ofMillis(100));
        assertThat(b.delay(3)).isBetween(Duration.ofMillis(640), Duration.ofMillis(800));
        assertThat(b.delay(40)).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(30));
        assertThat(b.delay(Integer.MAX_VALUE)).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(Listener.Backoff.DEFAULT.initial()).isEqualTo(Duration.ofMillis(100));
    }

    private int listenerPid() {
        // The newest: a terminated backend may linger for a moment.
        return admin.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s"
                + " ORDER BY backend_start DESC LIMIT 1", APP)
                .fetchOne().get(0, Integer.class);
    }

    /** The next event, a notification shown as {@code channel/payload}, or a gap. */
    private Object next() throws InterruptedException {
        ListenerEvent e = events.next();
        return e instanceof ListenerEvent.Notification n ? n.notification().channel() + "/" + n.payload() : e;
    }
}
