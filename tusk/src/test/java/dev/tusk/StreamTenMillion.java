package dev.tusk;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Streams ten million rows through {@link AsyncCursor#stream}, run in a child JVM with a
 * small heap by {@link AsyncStreamTest}: it only completes if memory stays bounded.
 */
public final class StreamTenMillion {
    private StreamTenMillion() {
    }

    public static void main(String[] args) {
        AsyncConnection conn = AsyncConnection.connect(args[0], ConnectOptions.builder().autocommit(true).build()).join();
        CompletableFuture<long[]> done = new CompletableFuture<>();
        conn.cursor().stream("SELECT g::int8, repeat('x', 20) FROM generate_series(1, 10000000) g")
                .subscribe(new Flow.Subscriber<Row>() {
                    private final long[] countAndSum = new long[2];
                    private Flow.Subscription s;
                    private int sinceRequest;

                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        s = subscription;
                        s.request(5000);
                    }

                    @Override
                    public void onNext(Row row) {
                        countAndSum[0]++;
                        countAndSum[1] += row.get(0, Long.class);
                        if (++sinceRequest == 5000) {
                            sinceRequest = 0;
                            s.request(5000);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onComplete() {
                        done.complete(countAndSum);
                    }
                });
        long[] r = done.join();
        System.out.println("rows=" + r[0] + " sum=" + r[1] + " maxHeap=" + Runtime.getRuntime().maxMemory());
        conn.close();
    }
}
