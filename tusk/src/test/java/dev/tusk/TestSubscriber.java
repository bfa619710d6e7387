package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A subscriber that records what it gets, for tests of hot publishers (notifications, listener events). */
final class TestSubscriber<T> implements Flow.Subscriber<T> {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final List<T> received = new CopyOnWriteArrayList<>();
    private final BlockingQueue<T> unread = new LinkedBlockingQueue<>();
    private final long initialRequest;
    volatile Flow.Subscription subscription;

    /** @param initialRequest what to request on subscription; 0 for nothing */
    TestSubscriber(long initialRequest) {
        this.initialRequest = initialRequest;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (initialRequest > 0) {
            s.request(initialRequest);
        }
    }

    @Override
    public void onNext(T item) {
        received.add(item);
        unread.add(item);
    }

    @Override
    public void onError(Throwable t) {
        done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        done.complete(null);
    }

    /** Everything received so far. */
    List<T> received() {
        return List.copyOf(received);
    }

    /** The next item not yet taken by this method, waiting 20 s at most. */
    T next() throws InterruptedException {
        T item = unread.poll(20, TimeUnit.SECONDS);
        assertThat(item).as("an item within 20 s").isNotNull();
        return item;
    }

    void awaitCount(int n) {
        NotifyTest.waitUntil(() -> received.size() >= n);
    }
}
