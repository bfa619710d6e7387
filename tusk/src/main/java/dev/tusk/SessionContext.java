package dev.tusk;

import dev.tusk.protocol.SessionListener;
import dev.tusk.types.LoadContext;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Follows what the server says outside of command results: the parameter reports that
 * loaders depend on (the session time zone), and notifications, which go to the connection's
 * {@link NotifyHub}.
 */
final class SessionContext implements LoadContext, SessionListener {
    private final NotifyHub notifyHub = new NotifyHub();
    private volatile ZoneId timeZone = ZoneOffset.UTC;

    @Override
    public ZoneId timeZone() {
        return timeZone;
    }

    @Override
    public void onParameterStatus(String name, String value) {
        if ("TimeZone".equals(name)) {
            timeZone = parseZone(value);
        }
    }

    @Override
    public void onNotification(int processId, String channel, String payload) {
        notifyHub.deliver(new Notify(channel, payload, processId));
    }

    NotifyHub notifyHub() {
        return notifyHub;
    }

    /** PostgreSQL zone names are IANA names, or POSIX-style offsets Java cannot always read. */
    static ZoneId parseZone(String value) {
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
