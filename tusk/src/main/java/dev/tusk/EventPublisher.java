package dev.tusk;

import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hot publisher of events as they happen (notifications): each subscriber gets every event
 * offered after it subscribed. Demand is respected per subscriber: events wait in that
 * subscriber's queue, without bound, until it requests them, so a slow subscriber costs
 * memory, never another subscriber's events. The end (complete or error) is signalled after
 * the queued events, as demand allows. Signals to one subscriber never overlap; they run on
 * the thread that offers or requests.
 */
final class EventPublisher<T> implements Flow.Publisher<T> {
    private static final System.Logger LOG = System.getLogger("dev.tusk");

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    // Guarded by this: set once, by complete() (no error) or fail().
    private boolean ended;
    private Throwable endError;

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Subscription s = new Subscription(subscriber);
        // onSubscribe first: no signal may precede it (Reactive Streams rule 1.9).
        subscriber.onSubscribe(s);
        boolean late;
        Throwable error;
        synchronized (this) {
            late = ended;
            error = endError;
            if (!late && !s.cancelled) {
                subscriptions.add(s);
            }
        }
        if (late) {
            s.end(error);
        }
    }

    /** Hands {@code event} to every current subscriber. */
    void offer(T event) {
        for (Subscription s : subscriptions) {
            s.offer(event);
        }
    }

    /** Ends every subscription normally, after its queued events; later subscribers complete at once. */
    void complete() {
        terminate(null);
    }

    /** Ends every subscription with {@code error}, after its queued events. */
    void fail(Throwable error) {
        terminate(error);
    }

    private void terminate(Throwable error) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            endError = error;
        }
        for (Subscription s : subscriptions) {
            s.end(error);
        }
        subscriptions.clear();
    }

    private final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super T> subscriber;
        private final Queue<T> queue = new ConcurrentLinkedQueue<>();
        private final AtomicLong requested = new AtomicLong();
        // Whoever moves it from 0 signals, for all (a work-in-progress counter).
        private final AtomicInteger work = new AtomicInteger();
        // endError is written before ending, and read after it.
        private Throwable endError;
        private volatile boolean ending;
        private volatile IllegalArgumentException badRequest;
        private volatile boolean cancelled;

        Subscription(Flow.Subscriber<? super T> subscriber) {
            this.subscriber = subscriber;
        }

        void offer(T event) {
            if (!cancelled) {
                queue.add(event);
                drain();
            }
        }

        /** Ends after the queued events: normally when {@code error} is null. */
        void end(Throwable error) {
            endError = error;
            ending = true;
            drain();
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest = new IllegalArgumentException("request(n) needs n > 0 (Reactive Streams rule 3.9), got " + n);
                drain();
                return;
            }
            requested.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            subscriptions.remove(this);
            drain();
        }

        private void drain() {
            if (work.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                if (signal()) {
                    return;
                }
                missed = work.addAndGet(-missed);
            } while (missed != 0);
        }

        /** Signals what demand allows; true once nothing will ever be signalled again. */
        private boolean signal() {
            if (badRequest != null && !cancelled) {
                finish(badRequest);
                return true;
            }
            while (!cancelled && requested.get() > 0) {
                T event = queue.poll();
                if (event == null) {
                    break;
                }
                requested.decrementAndGet();
                try {
                    subscriber.onNext(event);
                } catch (RuntimeException e) {
                    // Rule 2.13: a subscriber that throws is gone.
                    LOG.log(System.Logger.Level.WARNING, "a subscriber's onNext failed; it is unsubscribed", e);
                    cancel();
                }
            }
            if (cancelled) {
                queue.clear();
                return true;
            }
            if (!ending || !queue.isEmpty()) {
                return false;
            }
            finish(endError);
            return true;
        }

        private void finish(Throwable error) {
            cancelled = true;
            queue.clear();
            subscriptions.remove(this);
            if (error == null) {
                subscriber.onComplete();
            } else {
                subscriber.onError(error);
            }
        }
    }
}
