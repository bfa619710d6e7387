package dev.tusk.protocol;

import dev.tusk.errors.Diagnostic;
import dev.tusk.errors.ProtocolException;
import dev.tusk.protocol.BackendMessage.*;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one framed backend message body into a {@link BackendMessage}. Framing (the type
 * byte and the length word) is done by {@link MessageFramer}; this class checks that the body
 * is exactly what the type announces. Anything else is a {@link ProtocolException}.
 */
public final class BackendDecoder {
    private static final AuthenticationOk AUTH_OK = new AuthenticationOk();
    private static final BindComplete BIND_COMPLETE = new BindComplete();
    private static final CloseComplete CLOSE_COMPLETE = new CloseComplete();
    private static final ParseComplete PARSE_COMPLETE = new ParseComplete();
    private static final NoData NO_DATA = new NoData();
    private static final EmptyQueryResponse EMPTY_QUERY = new EmptyQueryResponse();
    private static final PortalSuspended PORTAL_SUSPENDED = new PortalSuspended();
    private static final CopyDone COPY_DONE = new CopyDone();

    /** ReadyForQuery for each transaction state: one per query otherwise. */
    private static final ReadyForQuery[] READY = Arrays.stream(TransactionState.values())
            .map(ReadyForQuery::new).toArray(ReadyForQuery[]::new);

    private static final String KNOWN_TYPES = "DRK2310nIscCdGHWENASZTtv";

    private BackendDecoder() {
    }

    /**
     * Decodes a message body.
     *
     * @param type   the message type byte
     * @param buf    buffer holding the body
     * @param offset start of the body (after the length word)
     * @param length body length
     * @return the message
     * @throws ProtocolException for an unknown type or a malformed body
     */
    public static BackendMessage decode(byte type, byte[] buf, int offset, int length) {
        char t = (char) (type & 0xff);
        if (t == 'D') {
            // The hot path: validate the column layout once so that readers can trust it.
            byte[] body = Arrays.copyOfRange(buf, offset, offset + length);
            validateDataRow(body);
            return new DataRow(body);
        }
        BackendMessage constant = bodiless(t);
        if (constant != null) {
            // A query's BindComplete and the like: no reader, nothing to allocate.
            if (length != 0) {
                new MessageReader(t, buf, offset, length).expectEnd();
            }
            return constant;
        }
        MessageReader r = new MessageReader(t, buf, offset, length);
        BackendMessage m = switch (t) {
            case 'R' -> authentication(r);
            case 'K' -> new BackendKeyData(r.readInt(), r.readRest());
            case 'C' -> new CommandComplete(r.readCString());
            case 'd' -> new CopyData(r.readRest());
            case 'G', 'H', 'W' -> copyResponse(t, r);
            case 'E' -> new ErrorResponse(diagnostic(r));
            case 'N' -> new NoticeResponse(diagnostic(r));
            case 'A' -> new NotificationResponse(r.readInt(), r.readCString(), r.readCString());
            case 'S' -> new ParameterStatus(r.readCString(), r.readCString());
            case 'Z' -> readyForQuery(r);
            case 'T' -> rowDescription(r);
            case 't' -> parameterDescription(r);
            case 'v' -> negotiate(r);
            default -> throw unknownType(type);
        };
        r.expectEnd();
        return m;
    }

    /** The one instance of a message type that has no body, or {@code null} for other types. */
    private static BackendMessage bodiless(char t) {
        return switch (t) {
            case '2' -> BIND_COMPLETE;
            case '3' -> CLOSE_COMPLETE;
            case '1' -> PARSE_COMPLETE;
            case 'n' -> NO_DATA;
            case 'I' -> EMPTY_QUERY;
            case 's' -> PORTAL_SUSPENDED;
            case 'c' -> COPY_DONE;
            default -> null;
        };
    }

    /**
     * Whether a byte is the type of a message the server may send.
     *
     * @param type the type byte
     * @return true for a known backend message type
     */
    public static boolean isKnownType(byte type) {
        return KNOWN_TYPES.indexOf((char) (type & 0xff)) >= 0;
    }

    static ProtocolException unknownType(byte type) {
        return new ProtocolException(String.format(
                "unknown message type 0x%02x from the server: the stream is corrupted or this is not a PostgreSQL server",
                type & 0xff));
    }

    private static BackendMessage authentication(MessageReader r) {
        int code = r.readInt();
        return switch (code) {
            case 0 -> AUTH_OK;
            case 3 -> new AuthenticationCleartextPassword();
            case 5 -> new AuthenticationMd5Password(r.readBytes(4));
            case 10 -> {
                List<String> mechanisms = new ArrayList<>();
                for (String m = r.readCString(); !m.isEmpty(); m = r.readCString()) {
                    mechanisms.add(m);
                }
                yield new AuthenticationSasl(List.copyOf(mechanisms));
            }
            case 11 -> new AuthenticationSaslContinue(r.readRest());
            case 12 -> new AuthenticationSaslFinal(r.readRest());
            case 2, 6, 7, 8, 9 -> new AuthenticationUnsupported(code);
            default -> throw new ProtocolException("unknown authentication request code " + code);
        };
    }

    private static CopyResponse copyResponse(char t, MessageReader r) {
        int overall = r.readByte();
        int n = r.readShort() & 0xffff;
        short[] formats = new short[n];
        for (int i = 0; i < n; i++) {
            formats[i] = r.readShort();
        }
        return new CopyResponse(t, overall, formats);
    }

    private static Diagnostic diagnostic(MessageReader r) {
        Map<Character, String> fields = new HashMap<>();
        for (byte code = r.readByte(); code != 0; code = r.readByte()) {
            fields.put((char) (code & 0xff), r.readCString());
        }
        return Diagnostic.of(fields);
    }

    private static ReadyForQuery readyForQuery(MessageReader r) {
        byte b = r.readByte();
        TransactionState s = TransactionState.ofByte(b);
        if (s == null) {
            throw new ProtocolException("unknown transaction status byte 0x" + Integer.toHexString(b & 0xff));
        }
        return READY[s.ordinal()];
    }

    private static RowDescription rowDescription(MessageReader r) {
        int n = r.readShort() & 0xffff;
        Field[] fields = new Field[n];
        for (int i = 0; i < n; i++) {
            fields[i] = new Field(r.readCString(), r.readInt(), r.readShort(), r.readInt(),
                    r.readShort(), r.readInt(), r.readShort());
        }
        return new RowDescription(fields);
    }

    private static ParameterDescription parameterDescription(MessageReader r) {
        int n = r.readShort() & 0xffff;
        int[] oids = new int[n];
        for (int i = 0; i < n; i++) {
            oids[i] = r.readInt();
        }
        return new ParameterDescription(oids);
    }

    private static NegotiateProtocolVersion negotiate(MessageReader r) {
        int minor = r.readInt();
        int n = r.readInt();
        if (n < 0 || n > r.remaining()) {
            throw r.truncated();
        }
        List<String> options = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            options.add(r.readCString());
        }
        return new NegotiateProtocolVersion(minor, List.copyOf(options));
    }

    private static void validateDataRow(byte[] body) {
        if (body.length < 2) {
            throw new ProtocolException("truncated or malformed 'D' message from the server");
        }
        int n = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        int pos = 2;
        for (int i = 0; i < n; i++) {
            if (body.length - pos < 4) {
                throw new ProtocolException("truncated or malformed 'D' message from the server");
            }
            int len = DataRows.readInt(body, pos);
            pos += 4;
            if (len < -1 || (len > 0 && body.length - pos < len)) {
                throw new ProtocolException("truncated or malformed 'D' message from the server: column "
                        + (i + 1) + " claims " + len + " bytes");
            }
            if (len > 0) {
                pos += len;
            }
        }
        if (pos != body.length) {
            throw new ProtocolException("'D' message from the server has " + (body.length - pos)
                    + " unexpected trailing bytes");
        }
    }
}
