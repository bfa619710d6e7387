package dev.tusk;

import dev.tusk.protocol.SessionListener;
import dev.tusk.types.LoadContext;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Follows the server's parameter reports that loaders depend on (the session time zone). */
final class SessionContext implements LoadContext, SessionListener {
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

    /** PostgreSQL zone names are IANA names, or POSIX-style offsets Java cannot always read. */
    static ZoneId parseZone(String value) {
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
