package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.errors.OperationalException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hot publisher behind notifications and listener events, without a server. */
class EventPublisherTest {

    @Test
    void aSubscriberGetsOnlyWhatIsOfferedAfterItSubscribedWithinItsDemand() {
        EventPublisher<Integer> p = new EventPublisher<>();
        p.offer(0);
        TestSubscriber<Integer> s = new TestSubscriber<>(2);
        p.subscribe(s);
        for (int i = 1; i <= 4; i++) {
            p.offer(i);
        }
        assertThat(s.received()).containsExactly(1, 2);
        s.subscription.request(Long.MAX_VALUE);
        assertThat(s.received()).containsExactly(1, 2, 3, 4);
        s.subscription.request(Long.MAX_VALUE);    // no overflow
        p.offer(5);
        assertThat(s.received()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void aNonPositiveRequestFailsTheSubscriptionAtOnce() throws Exception {
        EventPublisher<Integer> p = new EventPublisher<>();
        TestSubscriber<Integer> s = new TestSubscriber<>(0);
        p.subscribe(s);
        p.offer(1);
        s.subscription.request(0);
        assertThat(s.done.handle((v, e) -> e).get(1, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
        p.offer(2);
        assertThat(s.received()).isEmpty();
    }

    @Test
    void theEndComesAfterTheQueuedEventsAndLateSubscribersGetItAtOnce() throws Exception {
        EventPublisher<Integer> p = new EventPublisher<>();
        TestSubscriber<Integer> s = new TestSubscriber<>(0);
        p.subscribe(s);
        p.offer(1);
        p.fail(new OperationalException("lost"));
        p.complete();                               // the first end wins
        assertThat(s.done).isNotDone();
        s.subscription.request(1);
        assertThat(s.received()).containsExactly(1);
        assertThat(s.done.handle((v, e) -> e).get(1, TimeUnit.SECONDS)).hasMessage("lost");

        TestSubscriber<Integer> late = new TestSubscriber<>(0);
        p.subscribe(late);
        assertThat(late.done).isCompletedExceptionally();
    }

    @Test
    void cancelAndAThrowingSubscriberUnsubscribe() {
        EventPublisher<Integer> p = new EventPublisher<>();
        TestSubscriber<Integer> cancelled = new TestSubscriber<>(Long.MAX_VALUE);
        p.subscribe(cancelled);
        int[] calls = new int[1];
        p.subscribe(new Flow.Subscriber<Integer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(10);
            }

            @Override
            public void onNext(Integer item) {
                calls[0]++;
                throw new IllegalStateException("broken subscriber");
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        p.offer(1);
        cancelled.subscription.cancel();
        p.offer(2);
        p.complete();
        assertThat(cancelled.received()).containsExactly(1);
        assertThat(cancelled.done).isNotDone();
        assertThat(calls[0]).isEqualTo(1);
    }
}
