package dev.tusk.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.ProtocolException;
import dev.tusk.protocol.BackendMessage.*;
import dev.tusk.types.ByteSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendDecoderTest {

    private static List<BackendMessage> decodeAll(byte[] bytes) {
        MessageFramer f = new MessageFramer();
        f.append(bytes, 0, bytes.length);
        List<BackendMessage> out = new ArrayList<>();
        for (BackendMessage m = f.next(); m != null; m = f.next()) {
            out.add(m);
        }
        return out;
    }

    @Test
    void decodesAStartupConversation() {
        byte[] bytes = new ServerBytes().authOk().parameterStatus("server_version", "17.6")
                .backendKey(4242, 99).ready('I').bytes();
        List<BackendMessage> ms = decodeAll(bytes);
        assertThat(ms).hasSize(4);
        assertThat(ms.get(0)).isInstanceOf(AuthenticationOk.class);
        assertThat(ms.get(1)).isEqualTo(new ParameterStatus("server_version", "17.6"));
        assertThat(((BackendKeyData) ms.get(2)).processId()).isEqualTo(4242);
        assertThat(ms.get(3)).isEqualTo(new ReadyForQuery(TransactionState.IDLE));
    }

    @Test
    void decodesRowsWithNullsAndTheirColumnLayout() {
        byte[] bytes = new ServerBytes().rowDescription("a", "b").dataRow("12", null).commandComplete("SELECT 1").bytes();
        List<BackendMessage> ms = decodeAll(bytes);
        RowDescription rd = (RowDescription) ms.get(0);
        assertThat(rd.fields()).extracting(Field::name).containsExactly("a", "b");
        assertThat(rd.fields()[0].typeOid()).isEqualTo(23);
        DataRow row = (DataRow) ms.get(1);
        int[] offsets = new int[2];
        int[] lengths = new int[2];
        DataRows.index(row.body(), offsets, lengths);
        assertThat(lengths).containsExactly(2, -1);
        assertThat(new String(row.body(), offsets[0], lengths[0])).isEqualTo("12");
        assertThat(ms.get(2)).isEqualTo(new CommandComplete("SELECT 1"));
    }

    @Test
    void decodesErrorFieldsIntoADiagnostic() {
        byte[] bytes = new ServerBytes().error("ERROR", "23505", "duplicate key").bytes();
        ErrorResponse e = (ErrorResponse) decodeAll(bytes).get(0);
        assertThat(e.diagnostic().sqlState()).isEqualTo("23505");
        assertThat(e.diagnostic().messagePrimary()).isEqualTo("duplicate key");
        assertThat(e.diagnostic().severityNonlocalized()).isEqualTo("ERROR");
    }

    @Test
    void decodesNotificationsAndSaslMechanisms() {
        ByteSink sasl = new ByteSink().writeByte('R');
        ByteSink body = new ByteSink().writeInt(10).writeCString("SCRAM-SHA-256-PLUS").writeCString("SCRAM-SHA-256").writeByte(0);
        sasl.writeInt(body.size() + 4).write(body.toByteArray());
        List<BackendMessage> ms = decodeAll(new ServerBytes().notification(7, "chan", "hi").raw(sasl.toByteArray()).bytes());
        assertThat(ms.get(0)).isEqualTo(new NotificationResponse(7, "chan", "hi"));
        assertThat(((AuthenticationSasl) ms.get(1)).mechanisms()).containsExactly("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256");
    }

    @Test
    void waitsForTheRestOfAPartialMessage() {
        byte[] bytes = new ServerBytes().commandComplete("SELECT 1").bytes();
        MessageFramer f = new MessageFramer();
        f.append(bytes, 0, bytes.length - 1);
        assertThat(f.next()).isNull();
        f.append(bytes, bytes.length - 1, 1);
        assertThat(f.next()).isEqualTo(new CommandComplete("SELECT 1"));
    }

    @Test
    void unknownTypeByteFailsAtOnceWithoutWaitingForItsLength() {
        byte[] garbage = {'?', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> decodeAll(garbage))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown message type 0x3f");
    }

    @Test
    void impossibleLengthsAreRejected() {
        assertThatThrownBy(() -> decodeAll(new byte[] {'Z', 0, 0, 0, 2, 'I'}))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("invalid message length 2");
        assertThatThrownBy(() -> decodeAll(new byte[] {'D', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("invalid message length");
    }

    @Test
    void aStringWithoutTerminatorIsTruncation() {
        byte[] bytes = {'C', 0, 0, 0, 8, 'S', 'E', 'L', 'E'};
        assertThatThrownBy(() -> decodeAll(bytes))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("truncated or malformed 'C'");
    }

    @Test
    void aColumnLongerThanItsRowIsRejected() {
        ByteSink b = new ByteSink().writeByte('D');
        ByteSink body = new ByteSink().writeShort(1).writeInt(100).write(new byte[] {1, 2, 3});
        b.writeInt(body.size() + 4).write(body.toByteArray());
        assertThatThrownBy(() -> decodeAll(b.toByteArray()))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("column 1 claims 100 bytes");
    }

    @Test
    void trailingBytesInsideAMessageAreRejected() {
        byte[] bytes = {'Z', 0, 0, 0, 6, 'I', 'X'};
        assertThatThrownBy(() -> decodeAll(bytes))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unexpected trailing bytes");
        // BindComplete has no body at all.
        byte[] bind = {'2', 0, 0, 0, 5, 'X'};
        assertThatThrownBy(() -> decodeAll(bind))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("'2' message from the server has 1 unexpected trailing bytes");
    }

    @Test
    void anUnknownTransactionStatusIsRejected() {
        byte[] bytes = {'Z', 0, 0, 0, 5, 'Q'};
        assertThatThrownBy(() -> decodeAll(bytes))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("transaction status");
    }

    @Test
    void randomGarbageNeverHangsAndNeverEscapesAsAnotherException() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 5000; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            try {
                decodeAll(bytes);
            } catch (ProtocolException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void corruptingAnyByteOfARealConversationYieldsMessagesOrAProtocolException() {
        byte[] good = new ServerBytes().authOk().parameterStatus("TimeZone", "UTC").backendKey(1, 2)
                .ready('I').rowDescription("x").dataRow("1").commandComplete("SELECT 1").ready('I').bytes();
        for (int i = 0; i < good.length; i++) {
            for (int delta : new int[] {1, 0x80, 0xff}) {
                byte[] bad = good.clone();
                bad[i] = (byte) (bad[i] + delta);
                try {
                    decodeAll(bad);
                } catch (ProtocolException expected) {
                    // fine: detected
                }
                byte[] truncated = java.util.Arrays.copyOf(good, i);
                decodeAll(truncated);  // a prefix is never an error: the framer just waits
            }
        }
    }
}
