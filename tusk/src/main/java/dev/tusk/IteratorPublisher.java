package dev.tusk;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the elements of an iterator that is already in memory (the rows an async cursor
 * holds), honouring demand. Delivery runs on the thread that requests, one thread at a time;
 * a request made from inside {@code onNext} only adds demand, so recursion stays flat.
 */
final class IteratorPublisher<T> implements Flow.Publisher<T> {
    private final Iterator<T> source;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    IteratorPublisher(Iterator<T> source) {
        this.source = source;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!subscribed.compareAndSet(false, true)) {
            RowStream.refuseSecondSubscriber(subscriber);
            return;
        }
        Subscription s = new Subscription(subscriber);
        subscriber.onSubscribe(s);
    }

    private final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super T> subscriber;
        private final AtomicLong demand = new AtomicLong();
        // The thread that moves demand from 0 wins the right to deliver (a work-in-progress counter).
        private final AtomicLong work = new AtomicLong();
        private volatile boolean done;

        Subscription(Flow.Subscriber<? super T> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (done) {
                return;
            }
            if (n <= 0) {
                done = true;
                subscriber.onError(new IllegalArgumentException("request(n) needs n > 0 (Reactive Streams rule 3.9), got " + n));
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            if (work.getAndIncrement() == 0) {
                drain();
            }
        }

        private void drain() {
            long missed = 1;
            while (true) {
                while (!done && demand.get() > 0) {
                    if (!source.hasNext()) {
                        done = true;
                        subscriber.onComplete();
                        return;
                    }
                    T next = source.next();
                    demand.decrementAndGet();
                    subscriber.onNext(next);
                }
                if (!done && !source.hasNext()) {
                    done = true;
                    subscriber.onComplete();
                    return;
                }
                missed = work.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        @Override
        public void cancel() {
            done = true;
        }
    }
}
