package dev.tusk.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.Diagnostic;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.ProtocolException;
import dev.tusk.errors.UniqueViolation;
import dev.tusk.protocol.BackendMessage.DataRow;
import dev.tusk.protocol.BackendMessage.RowDescription;
import dev.tusk.types.Dumper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sans-IO session driven by hand: bytes in, bytes out, no socket anywhere. */
class PgSessionTest {

    /** Records what a command's handler sees. */
    static final class Recorder implements ResultHandler {
        final List<String> events = new ArrayList<>();

        @Override
        public void begin(RowDescription d) {
            events.add("begin:" + d.fields().length);
        }

        @Override
        public void row(DataRow row) {
            events.add("row");
        }

        @Override
        public void end(String tag) {
            events.add("end:" + tag);
        }
    }

    static PgSession session(String password) {
        return new PgSession(new StartupConfig("alice", "db", password, Map.of()), new StatementCache(5, 100));
    }

    static byte[] drain(PgSession s) {
        ByteBuffer out = s.pendingOutput();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        s.outputWritten(b.length);
        return b;
    }

    static void feed(PgSession s, ServerBytes bytes) {
        byte[] b = bytes.bytes();
        s.receive(b, 0, b.length);
    }

    static PgSession ready() {
        PgSession s = session(null);
        Command startup = s.start();
        drain(s);
        feed(s, new ServerBytes().authOk().parameterStatus("TimeZone", "Europe/Paris").backendKey(77, 5).ready('I'));
        assertThat(startup.isDone()).isTrue();
        assertThat(startup.error()).isNull();
        return s;
    }

    @Test
    void startupMessageCarriesUserDatabaseAndFixedParameters() {
        PgSession s = session(null);
        s.start();
        String text = new String(drain(s), StandardCharsets.UTF_8);
        assertThat(text).contains("user\0alice\0", "database\0db\0", "client_encoding\0UTF8\0", "DateStyle\0ISO\0");
    }

    @Test
    void startupCompletesOnReadyForQueryAndKeepsServerFacts() {
        PgSession s = ready();
        assertThat(s.state()).isEqualTo(PgSession.State.READY);
        assertThat(s.processId()).isEqualTo(77);
        assertThat(s.parameter("TimeZone")).isEqualTo("Europe/Paris");
        assertThat(s.transactionState()).isEqualTo(TransactionState.IDLE);
    }

    @Test
    void negotiateProtocolVersionIsAcceptedAndRecorded() {
        PgSession s = session(null);
        Command startup = s.start();
        drain(s);
        dev.tusk.types.ByteSink body = new dev.tusk.types.ByteSink().writeInt(0).writeInt(1).writeCString("_pq_.x");
        dev.tusk.types.ByteSink msg = new dev.tusk.types.ByteSink().writeByte('v').writeInt(body.size() + 4)
                .write(body.toByteArray());
        feed(s, new ServerBytes().raw(msg.toByteArray()).authOk().ready('I'));
        assertThat(startup.error()).isNull();
        assertThat(s.protocolVersion()).isEqualTo(30000);
    }

    @Test
    void cleartextPasswordIsSentWhenAsked() {
        PgSession s = session("pw");
        s.start();
        drain(s);
        feed(s, new ServerBytes().authCleartext());
        assertThat(drain(s)).containsExactly('p', 0, 0, 0, 7, 'p', 'w', 0);
    }

    @Test
    void aPasswordRequestWithoutPasswordFailsClearly() {
        PgSession s = session(null);
        Command startup = s.start();
        drain(s);
        feed(s, new ServerBytes().authCleartext());
        assertThat(startup.isDone()).isTrue();
        assertThat(startup.error()).isInstanceOf(OperationalException.class).hasMessageContaining("none was supplied");
        assertThat(s.state()).isEqualTo(PgSession.State.BROKEN);
    }

    @Test
    void aServerThatSkipsScramVerificationIsRefused() {
        PgSession s = session("pw");
        Command startup = s.start();
        drain(s);
        dev.tusk.types.ByteSink sasl = new dev.tusk.types.ByteSink();
        dev.tusk.types.ByteSink body = new dev.tusk.types.ByteSink().writeInt(10).writeCString("SCRAM-SHA-256").writeByte(0);
        sasl.writeByte('R').writeInt(body.size() + 4).write(body.toByteArray());
        feed(s, new ServerBytes().raw(sasl.toByteArray()));
        assertThat(new String(drain(s), StandardCharsets.UTF_8)).contains("SCRAM-SHA-256", "n,,n=,r=");
        feed(s, new ServerBytes().authOk());
        assertThat(startup.error()).isInstanceOf(OperationalException.class).hasMessageContaining("without proving");
        assertThat(s.state()).isEqualTo(PgSession.State.BROKEN);
    }

    @Test
    void simpleQueryResultsArriveInOrderWithTransactionStatus() {
        PgSession s = ready();
        Recorder r = new Recorder();
        SimpleQuery q = new SimpleQuery("BEGIN; SELECT 1", r);
        s.submit(q);
        assertThat(new String(drain(s), StandardCharsets.UTF_8)).startsWith("Q").endsWith("BEGIN; SELECT 1\0");
        feed(s, new ServerBytes().commandComplete("BEGIN").rowDescription("x").dataRow("1")
                .commandComplete("SELECT 1").ready('T'));
        assertThat(q.isDone()).isTrue();
        assertThat(r.events).containsExactly("end:BEGIN", "begin:1", "row", "end:SELECT 1");
        assertThat(s.transactionState()).isEqualTo(TransactionState.IN_TRANSACTION);
    }

    @Test
    void pipelinedCommandsCompleteInSubmissionOrder() {
        PgSession s = ready();
        Recorder r1 = new Recorder();
        Recorder r2 = new Recorder();
        SimpleQuery q1 = new SimpleQuery("SELECT 1", r1);
        SimpleQuery q2 = new SimpleQuery("SELECT 2", r2);
        s.submit(q1);
        s.submit(q2);
        assertThat(s.pendingCount()).isEqualTo(2);
        feed(s, new ServerBytes().rowDescription("a").dataRow("1").commandComplete("SELECT 1").ready('I'));
        assertThat(q1.isDone()).isTrue();
        assertThat(q2.isDone()).isFalse();
        feed(s, new ServerBytes().rowDescription("b").dataRow("2").commandComplete("SELECT 1").ready('I'));
        assertThat(q2.isDone()).isTrue();
        assertThat(r1.events).containsExactly("begin:1", "row", "end:SELECT 1");
        assertThat(r2.events).containsExactly("begin:1", "row", "end:SELECT 1");
    }

    @Test
    void aServerErrorFailsOnlyItsCommandAndTheSessionStaysInSync() {
        PgSession s = ready();
        SimpleQuery bad = new SimpleQuery("INSERT", ResultHandler.DISCARD);
        SimpleQuery good = new SimpleQuery("SELECT 1", new Recorder());
        s.submit(bad);
        s.submit(good);
        feed(s, new ServerBytes().error("ERROR", "23505", "duplicate key value").ready('I')
                .rowDescription("a").dataRow("1").commandComplete("SELECT 1").ready('I'));
        assertThat(bad.error()).isInstanceOf(UniqueViolation.class);
        assertThat(good.error()).isNull();
        assertThat(s.state()).isEqualTo(PgSession.State.READY);
    }

    @Test
    void garbageBreaksTheSessionAndFailsEveryPendingCommand() {
        PgSession s = ready();
        SimpleQuery q1 = new SimpleQuery("SELECT 1", new Recorder());
        SimpleQuery q2 = new SimpleQuery("SELECT 2", new Recorder());
        s.submit(q1);
        s.submit(q2);
        feed(s, new ServerBytes().raw(new byte[] {'!', 1, 2, 3, 4, 5}));
        assertThat(q1.error()).isInstanceOf(ProtocolException.class);
        assertThat(q2.error()).isInstanceOf(ProtocolException.class);
        assertThat(s.state()).isEqualTo(PgSession.State.BROKEN);
        assertThatThrownBy(() -> s.submit(new SimpleQuery("SELECT 3", ResultHandler.DISCARD)))
                .isInstanceOf(OperationalException.class).hasMessageContaining("broken");
    }

    @Test
    void anUnexpectedMessageForTheCommandBreaksTheSession() {
        PgSession s = ready();
        SimpleQuery q = new SimpleQuery("SELECT 1", new Recorder());
        s.submit(q);
        feed(s, new ServerBytes().parseComplete());
        assertThat(q.error()).isInstanceOf(ProtocolException.class).hasMessageContaining("unexpected ParseComplete");
    }

    @Test
    void rowsWithNoCommandPendingBreakTheSession() {
        PgSession s = ready();
        feed(s, new ServerBytes().dataRow("1"));
        assertThat(s.state()).isEqualTo(PgSession.State.BROKEN);
        assertThat(s.failure()).isInstanceOf(ProtocolException.class);
    }

    @Test
    void endOfStreamMidCommandFailsItAsALostConnection() {
        PgSession s = ready();
        SimpleQuery q = new SimpleQuery("SELECT 1", new Recorder());
        s.submit(q);
        feed(s, new ServerBytes().raw(new byte[] {'T', 0, 0}));
        s.receivedEof();
        assertThat(q.error()).isInstanceOf(OperationalException.class)
                .hasMessageContaining("closed the connection unexpectedly in the middle of a message");
    }

    @Test
    void aFatalErrorBeforeTheStreamEndsIsWhatPendingCommandsReport() {
        PgSession s = ready();
        SimpleQuery q = new SimpleQuery("SELECT pg_sleep(10)", new Recorder());
        s.submit(q);
        feed(s, new ServerBytes().error("FATAL", "57P01", "terminating connection due to administrator command"));
        s.receivedEof();
        assertThat(q.error()).isInstanceOf(dev.tusk.errors.AdminShutdown.class);
    }

    @Test
    void noticesAndNotificationsGoToTheListenerNotTheCommand() {
        PgSession s = ready();
        List<String> heard = new ArrayList<>();
        s.setListener(new SessionListener() {
            @Override
            public void onNotice(Diagnostic notice) {
                heard.add("notice:" + notice.messagePrimary());
            }

            @Override
            public void onNotification(int pid, String channel, String payload) {
                heard.add("notify:" + channel + ":" + payload);
            }
        });
        Recorder r = new Recorder();
        SimpleQuery q = new SimpleQuery("ROLLBACK", r);
        s.submit(q);
        feed(s, new ServerBytes().notice("there is no transaction in progress").notification(9, "c", "p")
                .commandComplete("ROLLBACK").ready('I'));
        assertThat(heard).containsExactly("notice:there is no transaction in progress", "notify:c:p");
        assertThat(r.events).containsExactly("end:ROLLBACK");
        feed(s, new ServerBytes().notification(9, "c", "idle"));
        assertThat(heard).last().isEqualTo("notify:c:idle");
    }

    @Test
    void aValueThatCannotBeEncodedLeavesNoHalfMessageBehind() {
        PgSession s = ready();
        @SuppressWarnings("unchecked")
        Dumper<Object>[] dumpers = new Dumper[] {Dumper.text(0, v -> { throw new IllegalStateException("boom"); })};
        assertThatThrownBy(() -> s.submit(new ExtendedQuery("SELECT $1", new Object[] {"x"}, dumpers, oid -> false,
                ResultHandler.DISCARD))).hasMessage("boom");
        assertThat(s.hasOutput()).isFalse();
        assertThat(s.isBusy()).isFalse();
    }

    @Test
    void terminateFailsPendingCommandsAndWritesTerminate() {
        PgSession s = ready();
        SimpleQuery q = new SimpleQuery("SELECT 1", new Recorder());
        s.submit(q);
        drain(s);
        s.terminate();
        assertThat(drain(s)).containsExactly('X', 0, 0, 0, 4);
        assertThat(q.error()).isInstanceOf(OperationalException.class);
        assertThat(s.state()).isEqualTo(PgSession.State.CLOSED);
    }
}
