package dev.tusk.protocol;

import dev.tusk.errors.ProgrammingException;
import dev.tusk.types.ByteSink;
import dev.tusk.types.Dumper;
import java.util.Map;

/**
 * Writes frontend (client) messages of protocol 3.0 into a {@link ByteSink}. Pure encoding:
 * no state, no I/O. Parameter values are written by their {@link Dumper} straight into the
 * message.
 */
public final class FrontendEncoder {
    /** Protocol version 3.0 as the startup message carries it. */
    public static final int PROTOCOL_3_0 = 196608;
    private static final int SSL_REQUEST_CODE = 80877103;
    private static final int CANCEL_REQUEST_CODE = 80877102;

    private FrontendEncoder() {
    }

    private static int begin(ByteSink out, char type) {
        out.writeByte(type);
        return out.reserveInt();
    }

    private static void end(ByteSink out, int lengthAt) {
        out.putInt(lengthAt, out.size() - lengthAt);
    }

    private static void cstring(ByteSink out, String s, String what) {
        if (s.indexOf('\0') >= 0) {
            throw new ProgrammingException(what + " contains a NUL (0x00) character, which PostgreSQL cannot accept");
        }
        out.writeCString(s);
    }

    /**
     * {@code StartupMessage} for protocol 3.0.
     *
     * @param out    destination
     * @param params startup parameters ({@code user}, {@code database}, GUCs, ...)
     */
    public static void startup(ByteSink out, Map<String, String> params) {
        int at = out.reserveInt();
        out.writeInt(PROTOCOL_3_0);
        for (Map.Entry<String, String> e : params.entrySet()) {
            cstring(out, e.getKey(), "startup parameter name");
            cstring(out, e.getValue(), "startup parameter " + e.getKey());
        }
        out.writeByte(0);
        end(out, at);
    }

    /**
     * {@code SSLRequest}.
     *
     * @param out destination
     */
    public static void sslRequest(ByteSink out) {
        out.writeInt(8).writeInt(SSL_REQUEST_CODE);
    }

    /**
     * {@code CancelRequest}, sent on a new connection of its own.
     *
     * @param out       destination
     * @param processId the backend's process id
     * @param secretKey the backend's secret key
     */
    public static void cancelRequest(ByteSink out, int processId, byte[] secretKey) {
        out.writeInt(12 + secretKey.length).writeInt(CANCEL_REQUEST_CODE).writeInt(processId).write(secretKey);
    }

    /**
     * {@code PasswordMessage} carrying a cleartext password or an MD5 response.
     *
     * @param out      destination
     * @param password the bytes to send, without terminator
     */
    public static void password(ByteSink out, byte[] password) {
        int at = begin(out, 'p');
        out.write(password).writeByte(0);
        end(out, at);
    }

    /**
     * {@code SASLInitialResponse}.
     *
     * @param out       destination
     * @param mechanism the chosen mechanism
     * @param data      the initial client response
     */
    public static void saslInitialResponse(ByteSink out, String mechanism, byte[] data) {
        int at = begin(out, 'p');
        out.writeCString(mechanism).writeInt(data.length).write(data);
        end(out, at);
    }

    /**
     * {@code SASLResponse}.
     *
     * @param out  destination
     * @param data the client response
     */
    public static void saslResponse(ByteSink out, byte[] data) {
        int at = begin(out, 'p');
        out.write(data);
        end(out, at);
    }

    /**
     * {@code Query} (simple query protocol).
     *
     * @param out destination
     * @param sql one or more statements
     */
    public static void query(ByteSink out, String sql) {
        int at = begin(out, 'Q');
        cstring(out, sql, "the query");
        end(out, at);
    }

    /**
     * {@code Parse}.
     *
     * @param out       destination
     * @param statement statement name, empty for the unnamed statement
     * @param sql       the query with {@code $n} parameters
     * @param paramOids declared parameter types (0 = let the server infer)
     */
    public static void parse(ByteSink out, String statement, String sql, int[] paramOids) {
        int at = begin(out, 'P');
        out.writeCString(statement);
        cstring(out, sql, "the query");
        out.writeShort(paramOids.length);
        for (int oid : paramOids) {
            out.writeInt(oid);
        }
        end(out, at);
    }

    /**
     * {@code Bind}.
     *
     * @param out           destination
     * @param portal        portal name, empty for the unnamed portal
     * @param statement     statement name, empty for the unnamed statement
     * @param values        parameter values; {@code null} elements are SQL NULL
     * @param dumpers       one dumper per non-null value (ignored for nulls)
     * @param resultFormats result column format codes: empty (all text), one (all), or one per column
     */
    public static void bind(ByteSink out, String portal, String statement, Object[] values,
                            Dumper<Object>[] dumpers, short[] resultFormats) {
        int at = begin(out, 'B');
        out.writeCString(portal).writeCString(statement);
        int n = values.length;
        out.writeShort(n);
        for (int i = 0; i < n; i++) {
            out.writeShort(values[i] == null ? 0 : dumpers[i].format().code());
        }
        out.writeShort(n);
        for (int i = 0; i < n; i++) {
            Object v = values[i];
            if (v == null) {
                out.writeInt(-1);
            } else {
                int lengthAt = out.reserveInt();
                dumpers[i].dump(v, out);
                out.putInt(lengthAt, out.size() - lengthAt - 4);
            }
        }
        out.writeShort(resultFormats.length);
        for (short f : resultFormats) {
            out.writeShort(f);
        }
        end(out, at);
    }

    /**
     * {@code Describe}.
     *
     * @param out  destination
     * @param kind {@code 'S'} for a statement, {@code 'P'} for a portal
     * @param name the name, empty for the unnamed one
     */
    public static void describe(ByteSink out, char kind, String name) {
        int at = begin(out, 'D');
        out.writeByte(kind).writeCString(name);
        end(out, at);
    }

    /**
     * {@code Execute}.
     *
     * @param out     destination
     * @param portal  portal name
     * @param maxRows row limit, 0 for no limit
     */
    public static void execute(ByteSink out, String portal, int maxRows) {
        int at = begin(out, 'E');
        out.writeCString(portal).writeInt(maxRows);
        end(out, at);
    }

    /**
     * {@code Close}.
     *
     * @param out  destination
     * @param kind {@code 'S'} for a statement, {@code 'P'} for a portal
     * @param name the name
     */
    public static void close(ByteSink out, char kind, String name) {
        int at = begin(out, 'C');
        out.writeByte(kind).writeCString(name);
        end(out, at);
    }

    /**
     * {@code Sync}.
     *
     * @param out destination
     */
    public static void sync(ByteSink out) {
        out.writeByte('S').writeInt(4);
    }

    /**
     * {@code Flush}.
     *
     * @param out destination
     */
    public static void flush(ByteSink out) {
        out.writeByte('H').writeInt(4);
    }

    /**
     * {@code Terminate}.
     *
     * @param out destination
     */
    public static void terminate(ByteSink out) {
        out.writeByte('X').writeInt(4);
    }

    /**
     * {@code CopyFail}.
     *
     * @param out     destination
     * @param message why the copy is abandoned
     */
    public static void copyFail(ByteSink out, String message) {
        int at = begin(out, 'f');
        out.writeCString(message.replace('\0', ' '));
        end(out, at);
    }
}
