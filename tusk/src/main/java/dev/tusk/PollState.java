package dev.tusk;

/**
 * What {@link PollingConnection#poll()} says the connection needs next (psycopg 2's
 * {@code POLL_OK}, {@code POLL_READ}, {@code POLL_WRITE}; an error is an exception, not a state).
 */
public enum PollState {
    /** Nothing to wait for: the connection is established, and the last query's results are in. */
    OK,
    /** Wait until the channel is readable, then poll again. */
    READ,
    /** Wait until the channel is writable, then poll again. */
    WRITE
}
