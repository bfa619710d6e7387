package dev.tusk.protocol;

import dev.tusk.errors.Diagnostic;
import java.util.List;

/**
 * A message from the server (protocol 3.0 "backend" messages). Decoded by
 * {@link BackendDecoder}; each record holds exactly what the protocol carries.
 */
public sealed interface BackendMessage {

    /** {@code AuthenticationOk}: the login succeeded. */
    record AuthenticationOk() implements BackendMessage {
    }

    /** {@code AuthenticationCleartextPassword}. */
    record AuthenticationCleartextPassword() implements BackendMessage {
    }

    /**
     * {@code AuthenticationMD5Password}.
     *
     * @param salt the four salt bytes
     */
    record AuthenticationMd5Password(byte[] salt) implements BackendMessage {
    }

    /**
     * {@code AuthenticationSASL}.
     *
     * @param mechanisms the mechanisms the server offers, in its order of preference
     */
    record AuthenticationSasl(List<String> mechanisms) implements BackendMessage {
    }

    /**
     * {@code AuthenticationSASLContinue}.
     *
     * @param data mechanism-specific data (the SCRAM server-first-message)
     */
    record AuthenticationSaslContinue(byte[] data) implements BackendMessage {
    }

    /**
     * {@code AuthenticationSASLFinal}.
     *
     * @param data mechanism-specific data (the SCRAM server-final-message)
     */
    record AuthenticationSaslFinal(byte[] data) implements BackendMessage {
    }

    /**
     * An authentication request Tusk does not implement (Kerberos, GSSAPI, SSPI).
     *
     * @param code the protocol's request code
     */
    record AuthenticationUnsupported(int code) implements BackendMessage {
    }

    /**
     * {@code BackendKeyData}: what a cancel request must quote.
     *
     * @param processId the backend's process id
     * @param secretKey the secret key (4 bytes in protocol 3.0)
     */
    record BackendKeyData(int processId, byte[] secretKey) implements BackendMessage {
    }

    /** {@code BindComplete}. */
    record BindComplete() implements BackendMessage {
    }

    /** {@code CloseComplete}. */
    record CloseComplete() implements BackendMessage {
    }

    /**
     * {@code CommandComplete}.
     *
     * @param tag the command tag, e.g. {@code INSERT 0 1}
     */
    record CommandComplete(String tag) implements BackendMessage {
    }

    /**
     * {@code CopyInResponse}, {@code CopyOutResponse} or {@code CopyBothResponse}.
     *
     * @param direction       {@code 'G'} (in), {@code 'H'} (out) or {@code 'W'} (both)
     * @param overallFormat   0 text, 1 binary
     * @param columnFormats   per-column format codes
     */
    record CopyResponse(char direction, int overallFormat, short[] columnFormats) implements BackendMessage {
    }

    /**
     * {@code CopyData}.
     *
     * @param data the data bytes
     */
    record CopyData(byte[] data) implements BackendMessage {
    }

    /** {@code CopyDone}. */
    record CopyDone() implements BackendMessage {
    }

    /**
     * {@code DataRow}: one row, kept as the raw message body (a 16-bit column count, then
     * per column a 32-bit length, -1 for NULL, and the value bytes). Columns are decoded
     * lazily by whoever reads them, so a row costs one array.
     *
     * @param body the message body
     */
    record DataRow(byte[] body) implements BackendMessage {
    }

    /** {@code EmptyQueryResponse}: the query string was empty. */
    record EmptyQueryResponse() implements BackendMessage {
    }

    /**
     * {@code ErrorResponse}.
     *
     * @param diagnostic the error fields
     */
    record ErrorResponse(Diagnostic diagnostic) implements BackendMessage {
    }

    /**
     * {@code NegotiateProtocolVersion}.
     *
     * @param newestMinor        newest minor protocol version the server supports
     * @param unrecognizedOptions protocol options the server did not recognise
     */
    record NegotiateProtocolVersion(int newestMinor, List<String> unrecognizedOptions) implements BackendMessage {
    }

    /** {@code NoData}: the statement returns no rows. */
    record NoData() implements BackendMessage {
    }

    /**
     * {@code NoticeResponse}.
     *
     * @param diagnostic the notice fields
     */
    record NoticeResponse(Diagnostic diagnostic) implements BackendMessage {
    }

    /**
     * {@code NotificationResponse} (LISTEN/NOTIFY).
     *
     * @param processId the notifying backend's process id
     * @param channel   the channel name
     * @param payload   the payload, possibly empty
     */
    record NotificationResponse(int processId, String channel, String payload) implements BackendMessage {
    }

    /**
     * {@code ParameterDescription}.
     *
     * @param typeOids the parameter type OIDs
     */
    record ParameterDescription(int[] typeOids) implements BackendMessage {
    }

    /**
     * {@code ParameterStatus}: a run-time parameter's current value.
     *
     * @param name  parameter name
     * @param value its value
     */
    record ParameterStatus(String name, String value) implements BackendMessage {
    }

    /** {@code ParseComplete}. */
    record ParseComplete() implements BackendMessage {
    }

    /** {@code PortalSuspended}: the row limit of an Execute was reached. */
    record PortalSuspended() implements BackendMessage {
    }

    /**
     * {@code ReadyForQuery}.
     *
     * @param status the transaction status after the command
     */
    record ReadyForQuery(TransactionState status) implements BackendMessage {
    }

    /**
     * {@code RowDescription}.
     *
     * @param fields one entry per column
     */
    record RowDescription(Field[] fields) implements BackendMessage {
    }

    /**
     * One column of a {@link RowDescription}.
     *
     * @param name         column name
     * @param tableOid     OID of the source table, 0 if none
     * @param columnNumber attribute number in that table, 0 if none
     * @param typeOid      type OID
     * @param typeSize     {@code pg_type.typlen}; negative for variable width
     * @param typeModifier type modifier ({@code atttypmod}), -1 if none
     * @param format       format code the values arrive in: 0 text, 1 binary
     */
    record Field(String name, int tableOid, int columnNumber, int typeOid, int typeSize,
                 int typeModifier, int format) {

        /**
         * The same field with another format code.
         *
         * @param newFormat the format code
         * @return a copy
         */
        public Field withFormat(int newFormat) {
            return newFormat == format ? this
                    : new Field(name, tableOid, columnNumber, typeOid, typeSize, typeModifier, newFormat);
        }
    }
}
