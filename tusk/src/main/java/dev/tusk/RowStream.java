package dev.tusk;

import dev.tusk.protocol.BackendMessage.DataRow;
import dev.tusk.protocol.BackendMessage.RowDescription;
import dev.tusk.protocol.ExtendedQuery;
import dev.tusk.protocol.ResultHandler;
import dev.tusk.types.Adapters;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rows of one statement as a {@link Flow.Publisher} with real back-pressure: the
 * statement runs over an open portal, and each batch the server sends is what the subscriber
 * asked for ({@code Execute} with a row limit), so memory holds one socket buffer, not the
 * result. Cancelling the subscription closes the portal; the connection is idle again as soon
 * as the batch in flight (at most {@link #MAX_BATCH} rows) has arrived. Single use: the
 * statement runs when the subscriber first requests rows. Signals arrive on the connection's
 * loop thread.
 */
final class RowStream<R> implements Flow.Publisher<R> {
    /** The largest batch asked for at once: what a cancel may still have to skip. */
    static final int MAX_BATCH = 10_000;

    private final AsyncConnection connection;
    private final BoundQuery query;
    private final Adapters adapters;
    private final RowFactory<R> rowFactory;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    RowStream(AsyncConnection connection, BoundQuery query, Adapters adapters, RowFactory<R> rowFactory) {
        this.connection = connection;
        this.query = query;
        this.adapters = adapters;
        this.rowFactory = rowFactory;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super R> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!subscribed.compareAndSet(false, true)) {
            refuseSecondSubscriber(subscriber);
            return;
        }
        subscriber.onSubscribe(new Run(subscriber));
    }

    static void refuseSecondSubscriber(Flow.Subscriber<?> subscriber) {
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onError(new IllegalStateException("this publisher runs its query once: it takes one subscriber"));
    }

    /** One subscription: the statement, the demand, and the rows on their way to the subscriber. */
    private final class Run implements Flow.Subscription, ResultHandler {
        private final Flow.Subscriber<? super R> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicBoolean started = new AtomicBoolean();
        private volatile boolean cancelled;
        private ExtendedQuery statement;
        private ResultShape shape;
        private RowMaker<R> maker;

        Run(Flow.Subscriber<? super R> subscriber) {
            this.subscriber = subscriber;
        }

        private int batch() {
            return (int) Math.min(demand.get(), MAX_BATCH);
        }

        @Override
        public void request(long n) {
            if (cancelled) {
                return;
            }
            if (n <= 0) {
                cancel();
                subscriber.onError(new IllegalArgumentException(
                        "request(n) needs n > 0 (Reactive Streams rule 3.9), got " + n));
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            if (started.compareAndSet(false, true)) {
                start();
            } else {
                connection.onLoop(this::pump);
            }
        }

        private void start() {
            try {
                statement = query.streamed(this, adapters, batch());
            } catch (RuntimeException e) {
                cancelled = true;
                subscriber.onError(e);
                return;
            }
            connection.runExclusive(statement, () -> null).whenComplete((v, error) -> {
                if (cancelled) {
                    return;
                }
                cancelled = true;
                if (error != null) {
                    subscriber.onError(AsyncConnection.unwrap(error));
                } else {
                    subscriber.onComplete();
                }
            });
        }

        /** Loop thread: asks for the next batch, or closes the portal after a cancel. */
        private void pump() {
            ExtendedQuery q = statement;
            if (q == null || q.isDone()) {
                return;
            }
            if (cancelled) {
                q.stop(connection.session());
            } else if (q.isSuspended() && demand.get() > 0) {
                q.fetchMore(connection.session(), batch());
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            if (started.get()) {
                connection.onLoop(this::pump);
            }
        }

        @Override
        public void begin(RowDescription description) {
            shape = new ResultShape(description, adapters, connection.context());
            maker = rowFactory.forColumns(shape.columns);
        }

        @Override
        public void row(DataRow row) {
            if (cancelled) {
                return;   // the rest of a batch in flight when the subscriber left
            }
            demand.decrementAndGet();
            R value;
            try {
                value = maker.make(new TupleRow(shape, row.body()));
            } catch (RuntimeException e) {
                // A row that cannot be made ends the stream; the portal is closed behind it.
                cancelled = true;
                statement.stop(connection.session());
                subscriber.onError(e);
                return;
            }
            try {
                subscriber.onNext(value);
            } catch (RuntimeException e) {
                // A subscriber must not throw (rule 2.13); if it does, it has left: stop, and
                // keep the failure away from the connection, which did nothing wrong.
                cancelled = true;
                statement.stop(connection.session());
            }
        }

        @Override
        public void suspended() {
            pump();
        }

        @Override
        public void end(String commandTag) {
        }
    }
}
