package dev.tusk.types;

import java.time.ZoneId;

/**
 * The session facts a {@link Loader} may need, as last reported by the server.
 */
public interface LoadContext {

    /**
     * The session's {@code TimeZone}, used to present {@code timestamptz} values.
     *
     * @return the zone
     */
    ZoneId timeZone();

    /** A context for UTC, for use where no session is at hand (tests, offline decoding). */
    LoadContext UTC = () -> java.time.ZoneOffset.UTC;
}
