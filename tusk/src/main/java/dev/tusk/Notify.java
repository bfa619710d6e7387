package dev.tusk;

/**
 * An asynchronous notification sent by {@code NOTIFY} or {@code pg_notify()} to a channel
 * this connection {@code LISTEN}s on.
 *
 * @param channel the channel name
 * @param payload the payload, empty when none was given
 * @param pid     the process id of the notifying server backend
 */
public record Notify(String channel, String payload, int pid) {
}
