package dev.tusk;

import dev.tusk.errors.Diagnostic;
import dev.tusk.protocol.SessionListener;
import dev.tusk.types.LoadContext;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Follows what the server says outside of command results: the parameter reports that
 * loaders depend on (the session time zone), notifications, which go to the connection's
 * {@link NotifyHub}, and notices, which go to its {@link NoticeLog}.
 */
final class SessionContext implements LoadContext, SessionListener {
    private final NotifyHub notifyHub = new NotifyHub();
    private final NoticeLog notices = new NoticeLog();
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

    @Override
    public void onNotice(Diagnostic notice) {
        notices.deliver(notice);
    }

    NotifyHub notifyHub() {
        return notifyHub;
    }

    NoticeLog notices() {
        return notices;
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
