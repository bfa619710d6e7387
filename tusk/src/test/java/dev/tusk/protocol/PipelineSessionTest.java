package dev.tusk.protocol;

import static dev.tusk.protocol.PgSessionTest.drain;
import static dev.tusk.protocol.PgSessionTest.feed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.DivisionByZero;
import dev.tusk.errors.ForeignKeyViolation;
import dev.tusk.errors.NotSupportedException;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.PipelineAborted;
import dev.tusk.errors.UniqueViolation;
import dev.tusk.protocol.PgSessionTest.Recorder;
import dev.tusk.types.Adapters;
import dev.tusk.types.Dumper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pipeline mode at the byte level: statements without Sync, one Sync per group, skipped statements. */
class PipelineSessionTest {

    /** One frontend message as the session wrote it. */
    record Msg(char type, byte[] body) {
    }

    private static List<Msg> messages(byte[] bytes) {
        List<Msg> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            char type = (char) b.get();
            byte[] body = new byte[b.getInt() - 4];
            b.get(body);
            out.add(new Msg(type, body));
        }
        return out;
    }

    /** The message types written since the last drain, e.g. {@code "PBDE"}. */
    private static String written(PgSession s) {
        StringBuilder sb = new StringBuilder();
        for (Msg m : messages(drain(s))) {
            sb.append(m.type());
        }
        return sb.toString();
    }

    /** The statement name and result format codes of a Bind message. */
    private static String bindSummary(Msg bind) {
        ByteBuffer b = ByteBuffer.wrap(bind.body());
        cstring(b);
        String statement = cstring(b);
        int parameterFormats = b.getShort();
        b.position(b.position() + 2 * parameterFormats);
        for (int n = b.getShort(), i = 0; i < n; i++) {
            int len = b.getInt();
            b.position(b.position() + Math.max(len, 0));
        }
        StringBuilder formats = new StringBuilder();
        for (int n = b.getShort(), i = 0; i < n; i++) {
            formats.append(b.getShort());
        }
        return statement + ":" + formats;
    }

    private static String cstring(ByteBuffer b) {
        int start = b.position();
        while (b.get() != 0) {
            // up to the terminator
        }
        return new String(b.array(), start, b.position() - start - 1, StandardCharsets.UTF_8);
    }

    private static PgSession ready(StatementCache cache) {
        PgSession s = new PgSession(new StartupConfig("alice", "db", null, Map.of()), cache);
        s.start();
        drain(s);
        feed(s, new ServerBytes().authOk().ready('I'));
        assertThat(s.state()).isEqualTo(PgSession.State.READY);
        return s;
    }

    @SuppressWarnings("unchecked")
    private static ExtendedQuery pipelined(String sql, ResultHandler handler) {
        Dumper<Object>[] dumpers = new Dumper[] {(Dumper<Object>) (Dumper<?>) Adapters.global().dumperFor(1)};
        return ExtendedQuery.pipelined(sql, new Object[] {1}, dumpers, oid -> true, handler);
    }

    @SuppressWarnings("unchecked")
    private static ExtendedQuery noParameters(String sql, ResultHandler handler) {
        return ExtendedQuery.pipelined(sql, new Object[0], new Dumper[0], oid -> false, handler);
    }

    /** What the server answers to an unnamed statement returning one int row. */
    private static ServerBytes oneRow(ServerBytes b, String value) {
        return b.parseComplete().bindComplete().rowDescription("a").dataRow(value).commandComplete("SELECT 1");
    }

    @Test
    void pipelinedStatementsHaveNoSyncOfTheirOwnAndTheGroupOneAtItsEnd() {
        PgSession s = PgSessionTest.ready();
        for (int i = 0; i < 3; i++) {
            s.submit(pipelined("SELECT $1", new Recorder()));
        }
        assertThat(written(s)).isEqualTo("PBDE".repeat(3));
        s.submit(new PipelineSync());
        assertThat(written(s)).isEqualTo("S");
        @SuppressWarnings("unchecked")
        Dumper<Object>[] dumpers = new Dumper[] {(Dumper<Object>) (Dumper<?>) Adapters.global().dumperFor(1)};
        s.submit(new ExtendedQuery("SELECT $1", new Object[] {1}, dumpers, oid -> true, new Recorder()));
        assertThat(written(s)).as("a synced statement keeps its own Sync").isEqualTo("PBDES");
    }

    @Test
    void eachStatementCompletesAtItsOwnEndAndTheSyncAtReadyForQuery() {
        PgSession s = PgSessionTest.ready();
        Recorder r1 = new Recorder();
        Recorder r2 = new Recorder();
        ExtendedQuery q1 = pipelined("SELECT $1", r1);
        ExtendedQuery q2 = pipelined("SELECT $1", r2);
        PipelineSync sync = new PipelineSync();
        s.submit(q1);
        s.submit(q2);
        s.submit(sync);
        feed(s, oneRow(new ServerBytes(), "1"));
        assertThat(q1.isDone()).isTrue();
        assertThat(q2.isDone()).isFalse();
        feed(s, oneRow(new ServerBytes(), "2"));
        assertThat(q2.isDone()).isTrue();
        assertThat(sync.isDone()).isFalse();
        feed(s, new ServerBytes().ready('I'));
        assertThat(sync.isDone()).isTrue();
        assertThat(java.util.Arrays.asList(q1.error(), q2.error(), sync.error())).containsOnlyNulls();
        assertThat(r1.events).containsExactly("begin:1", "row", "end:SELECT 1");
        assertThat(r2.events).containsExactly("begin:1", "row", "end:SELECT 1");
        assertThat(s.isBusy()).isFalse();
    }

    @Test
    void anErrorSkipsTheRestOfTheGroupWithPipelineAbortedAndTheSessionGoesOn() {
        PgSession s = PgSessionTest.ready();
        Recorder ok = new Recorder();
        Recorder skipped = new Recorder();
        ExtendedQuery q1 = pipelined("SELECT $1", ok);
        ExtendedQuery q2 = pipelined("INSERT INTO t VALUES ($1)", ResultHandler.DISCARD);
        ExtendedQuery q3 = pipelined("SELECT $1", skipped);
        ExtendedQuery q4 = pipelined("SELECT $1", skipped);
        PipelineSync sync = new PipelineSync();
        for (Command c : List.of(q1, q2, q3, q4, sync)) {
            s.submit(c);
        }
        drain(s);
        feed(s, oneRow(new ServerBytes(), "1").parseComplete().bindComplete().noData()
                .error("ERROR", "23505", "duplicate key value violates unique constraint"));
        assertThat(q2.isDone()).isTrue();
        assertThat(q2.error()).isInstanceOf(UniqueViolation.class);
        assertThat(q3.isDone()).isFalse();
        feed(s, new ServerBytes().ready('I'));
        assertThat(q1.error()).isNull();
        assertThat(q3.error()).isInstanceOf(PipelineAborted.class).isInstanceOf(OperationalException.class)
                .hasMessageContaining("pipeline aborted");
        assertThat(q4.error()).isInstanceOf(PipelineAborted.class);
        assertThat(skipped.events).isEmpty();
        assertThat(sync.isDone()).isTrue();
        assertThat(sync.error()).isNull();
        assertThat(s.state()).isEqualTo(PgSession.State.READY);
        assertThat(s.isBusy()).isFalse();
        assertThat(s.transactionState()).isEqualTo(TransactionState.IDLE);

        Recorder later = new Recorder();
        SimpleQuery next = new SimpleQuery("SELECT 1", later);
        s.submit(next);
        assertThat(written(s)).isEqualTo("Q");
        feed(s, new ServerBytes().rowDescription("a").dataRow("1").commandComplete("SELECT 1").ready('I'));
        assertThat(next.isDone()).isTrue();
        assertThat(next.error()).isNull();
        assertThat(later.events).containsExactly("begin:1", "row", "end:SELECT 1");
    }

    @Test
    void aFailedGroupInsideATransactionBlockLeavesItFailed() {
        PgSession s = PgSessionTest.ready();
        ExtendedQuery begin = noParameters("BEGIN", ResultHandler.DISCARD);
        ExtendedQuery bad = pipelined("SELECT 1 / $1", ResultHandler.DISCARD);
        ExtendedQuery skipped = pipelined("SELECT $1", ResultHandler.DISCARD);
        PipelineSync sync = new PipelineSync();
        for (Command c : List.of(begin, bad, skipped, sync)) {
            s.submit(c);
        }
        assertThat(written(s)).isEqualTo("PBDE" + "PBDE" + "PBDE" + "S");
        feed(s, new ServerBytes().parseComplete().bindComplete().noData().commandComplete("BEGIN")
                .parseComplete().bindComplete().rowDescription("x").error("ERROR", "22012", "division by zero")
                .ready('E'));
        assertThat(begin.error()).isNull();
        assertThat(bad.error()).isInstanceOf(DivisionByZero.class);
        assertThat(skipped.error()).isInstanceOf(PipelineAborted.class);
        assertThat(sync.isDone()).isTrue();
        assertThat(s.transactionState()).isEqualTo(TransactionState.IN_ERROR);
    }

    @Test
    void anErrorReportedForTheSyncItselfIsTheSyncsOwn() {
        PgSession s = PgSessionTest.ready();
        ExtendedQuery q = pipelined("INSERT INTO child VALUES ($1)", ResultHandler.DISCARD);
        PipelineSync sync = new PipelineSync();
        s.submit(q);
        s.submit(sync);
        // A deferred constraint is checked when the implicit transaction commits, at the Sync.
        feed(s, new ServerBytes().parseComplete().bindComplete().noData().commandComplete("INSERT 0 1")
                .error("ERROR", "23503", "insert or update on table \"child\" violates foreign key constraint")
                .ready('I'));
        assertThat(q.error()).isNull();
        assertThat(sync.error()).isInstanceOf(ForeignKeyViolation.class);
        assertThat(s.state()).isEqualTo(PgSession.State.READY);
    }

    @Test
    void anEmptyStatementEndsItsPipelinedStatement() {
        PgSession s = PgSessionTest.ready();
        Recorder r = new Recorder();
        ExtendedQuery q = noParameters("", r);
        s.submit(q);
        s.submit(new PipelineSync());
        feed(s, new ServerBytes().parseComplete().bindComplete().noData().emptyQuery());
        assertThat(q.isDone()).isTrue();
        assertThat(r.events).containsExactly("end:null");
    }

    @Test
    void nothingButPipelinedStatementsOrTheirSyncMayJoinAnOpenGroup() {
        PgSession s = PgSessionTest.ready();
        s.submit(pipelined("SELECT $1", new Recorder()));
        assertThatThrownBy(() -> s.submit(new SimpleQuery("SELECT 2", new Recorder())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PipelineSync");
        assertThat(s.pendingCount()).isEqualTo(1);
        assertThat(written(s)).isEqualTo("PBDE");
        s.submit(new PipelineSync());
        s.submit(new SimpleQuery("SELECT 2", new Recorder()));
        assertThat(written(s)).isEqualTo("SQ");
    }

    @Test
    void preparedStatementsWorkWithinAndAcrossGroupsWithBinaryResults() {
        PgSession s = ready(new StatementCache(0, 100));
        Recorder r1 = new Recorder();
        Recorder r2 = new Recorder();
        s.submit(pipelined("SELECT $1", r1));
        s.submit(pipelined("SELECT $1", r2));
        s.submit(new PipelineSync());
        List<Msg> first = messages(drain(s));
        // Prepared by the first statement; the second, in the same group, binds the name
        // and describes its portal since the statement's columns are not back yet.
        assertThat(first.stream().map(m -> String.valueOf(m.type())).reduce("", String::concat))
                .isEqualTo("PDBE" + "BDE" + "S");
        assertThat(bindSummary(first.get(2))).isEqualTo("_tusk_0:");
        assertThat(bindSummary(first.get(4))).isEqualTo("_tusk_0:");
        feed(s, new ServerBytes().parseComplete().parameterDescription(23).rowDescription("a").bindComplete()
                .dataRow("1").commandComplete("SELECT 1")
                .bindComplete().rowDescription("a").dataRow("1").commandComplete("SELECT 1").ready('I'));
        assertThat(r1.events).containsExactly("begin:1", "row", "end:SELECT 1");
        assertThat(r2.events).containsExactly("begin:1", "row", "end:SELECT 1");

        Recorder r3 = new Recorder();
        ExtendedQuery q3 = pipelined("SELECT $1", r3);
        s.submit(q3);
        s.submit(new PipelineSync());
        List<Msg> second = messages(drain(s));
        assertThat(second.stream().map(m -> String.valueOf(m.type())).reduce("", String::concat))
                .isEqualTo("BES");
        assertThat(bindSummary(second.get(0))).as("the int column is asked for in binary").isEqualTo("_tusk_0:1");
        feed(s, new ServerBytes().bindComplete().raw(binaryIntRow(7)).commandComplete("SELECT 1").ready('I'));
        assertThat(q3.error()).isNull();
        assertThat(r3.events).containsExactly("begin:1", "row", "end:SELECT 1");
    }

    private static byte[] binaryIntRow(int v) {
        dev.tusk.types.ByteSink body = new dev.tusk.types.ByteSink().writeShort(1).writeInt(4).writeInt(v);
        return new dev.tusk.types.ByteSink().writeByte('D').writeInt(body.size() + 4).write(body.toByteArray())
                .toByteArray();
    }

    @Test
    void aStatementSkippedBeforeItWasPreparedIsPreparedAgainAndItsClosesAreRedone() {
        PgSession s = ready(new StatementCache(0, 1));
        s.submit(pipelined("SELECT $1 AS a", ResultHandler.DISCARD));
        s.submit(new PipelineSync());
        assertThat(written(s)).isEqualTo("PDBES");
        feed(s, new ServerBytes().parseComplete().parameterDescription(23).rowDescription("a").bindComplete()
                .dataRow("1").commandComplete("SELECT 1").ready('I'));

        // _tusk_0 fails when it runs; the next statement, skipped, was to close _tusk_0 (the
        // cache holds one) and prepare _tusk_1.
        ExtendedQuery failing = pipelined("SELECT $1 AS a", ResultHandler.DISCARD);
        ExtendedQuery skipped = pipelined("SELECT $1 AS b", ResultHandler.DISCARD);
        s.submit(failing);
        s.submit(skipped);
        s.submit(new PipelineSync());
        assertThat(written(s)).isEqualTo("BE" + "CPDBE" + "S");
        feed(s, new ServerBytes().bindComplete().error("ERROR", "22012", "division by zero").ready('I'));
        assertThat(failing.error()).isInstanceOf(DivisionByZero.class);
        assertThat(skipped.error()).isInstanceOf(PipelineAborted.class);

        s.submit(pipelined("SELECT $1 AS b", ResultHandler.DISCARD));
        List<Msg> again = messages(drain(s));
        assertThat(again.stream().map(m -> String.valueOf(m.type())).reduce("", String::concat))
                .as("the skipped Close is sent again and the statement prepared afresh").isEqualTo("CPDBE");
        assertThat(new String(again.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("S_tusk_0\0");
    }

    @Test
    void copyFromStdinInAPipelineBreaksTheSessionClearly() {
        PgSession s = PgSessionTest.ready();
        ExtendedQuery copy = noParameters("COPY t FROM STDIN", ResultHandler.DISCARD);
        ExtendedQuery next = pipelined("SELECT $1", ResultHandler.DISCARD);
        s.submit(copy);
        s.submit(next);
        s.submit(new PipelineSync());
        feed(s, new ServerBytes().parseComplete().bindComplete().noData().copyInResponse());
        assertThat(copy.error()).isInstanceOf(NotSupportedException.class).hasMessageContaining("pipeline");
        assertThat(next.error()).isSameAs(copy.error());
        assertThat(s.state()).isEqualTo(PgSession.State.BROKEN);
    }
}
