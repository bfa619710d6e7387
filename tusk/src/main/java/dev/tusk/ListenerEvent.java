package dev.tusk;

import java.time.Duration;
import java.time.Instant;

/**
 * What a {@link Listener} publishes, in the order it happened: the notifications, and a
 * {@link Gap} where its connection was down and notifications may have been missed. One
 * ordered stream, rather than a publisher of notifications beside a gap callback, places the
 * gap exactly: everything before it was received on the old connection, everything after it
 * on the new one, so a subscriber resyncs at the right point.
 *
 * <pre>{@code
 * void onNext(ListenerEvent e) {
 *     if (e instanceof ListenerEvent.Notification n) {
 *         apply(n.notification().channel(), n.payload());
 *     } else if (e instanceof ListenerEvent.Gap gap) {
 *         reloadEverything();     // what changed while disconnected is unknown
 *     }
 * }
 * }</pre>
 */
public sealed interface ListenerEvent {

    /**
     * A notification received.
     *
     * @param notification the notification
     */
    record Notification(Notify notification) implements ListenerEvent {
        /**
         * The notification's payload.
         *
         * @return {@code notification().payload()}
         */
        public String payload() {
            return notification.payload();
        }
    }

    /**
     * The connection was lost and is back, listening again on every channel: notifications
     * sent in between may have been missed.
     *
     * @param lost     when the loss was noticed
     * @param restored when the channels were listened on again
     * @param cause    why the connection was lost
     */
    record Gap(Instant lost, Instant restored, Throwable cause) implements ListenerEvent {
        /**
         * How long the listener was deaf.
         *
         * @return the time between {@link #lost} and {@link #restored}
         */
        public Duration duration() {
            return Duration.between(lost, restored);
        }
    }
}
