package dev.tusk.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.errors.PgException;
import dev.tusk.protocol.BackendMessage.DataRow;
import dev.tusk.protocol.BackendMessage.RowDescription;
import dev.tusk.types.ByteSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Well-framed but random server messages in random order: whatever arrives, feeding the session
 * never throws, and every command either completes (with a result or a typed error) or is still
 * pending on a session that is not broken. Nothing is left half-done.
 */
class SessionFuzzTest {
    private static final String TYPES = "DRK2310nIscCdGHWENASZTtv";

    /** Collects rows like the real cursor does, so handler misuse would show. */
    static final class Collector implements ResultHandler {
        final List<Integer> sizes = new ArrayList<>();
        private RowDescription current;

        @Override
        public void begin(RowDescription description) {
            current = description;
        }

        @Override
        public void row(DataRow row) {
            sizes.add(current.fields().length + row.body().length);
        }

        @Override
        public void end(String commandTag) {
            current = null;
        }
    }

    private static byte[] randomMessage(Random r) {
        char type = TYPES.charAt(r.nextInt(TYPES.length()));
        ByteSink body = new ByteSink();
        switch (r.nextInt(4)) {
            case 0 -> { }
            case 1 -> body.writeInt(r.nextInt(13));
            case 2 -> body.writeShort(r.nextInt(3)).writeInt(r.nextInt(3)).writeByte('x').writeByte(0);
            default -> {
                byte[] junk = new byte[r.nextInt(24)];
                r.nextBytes(junk);
                body.write(junk);
            }
        }
        if (type == 'Z') {
            body.clear();
            body.writeByte("ITE".charAt(r.nextInt(3)));
        }
        ByteSink m = new ByteSink().writeByte(type).writeInt(body.size() + 4);
        return m.write(body.toByteArray()).toByteArray();
    }

    @Test
    void randomMessageSequencesNeverEscapeOrDesynchronise() {
        Random r = new Random(1234);
        for (int round = 0; round < 3000; round++) {
            PgSession s = new PgSession(new StartupConfig("u", "d", "pw", Map.of()), new StatementCache(1, 10));
            Command startup = s.start();
            byte[] ok = new ServerBytes().authOk().ready('I').bytes();
            s.receive(ok, 0, ok.length);
            assertThat(startup.error()).isNull();
            List<Command> commands = new ArrayList<>();
            boolean pipeline = r.nextBoolean();
            for (int i = 0; i < 3; i++) {
                Command c;
                if (pipeline) {
                    // A group: two pipelined statements and the Sync that ends it.
                    c = i < 2 ? ExtendedQuery.pipelined("SELECT $1", new Object[] {1}, dumpers(), oid -> true,
                            new Collector()) : new PipelineSync();
                } else {
                    c = r.nextBoolean()
                            ? new SimpleQuery("SELECT 1", new Collector())
                            : new ExtendedQuery("SELECT $1", new Object[] {1},
                                    dumpers(), oid -> true, new Collector());
                }
                s.submit(c);
                commands.add(c);
            }
            int n = 1 + r.nextInt(8);
            for (int i = 0; i < n; i++) {
                byte[] m = randomMessage(r);
                s.receive(m, 0, m.length);   // must not throw
            }
            for (Command c : commands) {
                if (c.isDone()) {
                    assertThat(c.error() == null || c.error() instanceof PgException).isTrue();
                } else {
                    assertThat(s.state()).isEqualTo(PgSession.State.READY);
                }
            }
            if (s.state() == PgSession.State.BROKEN) {
                assertThat(commands).allMatch(Command::isDone);
                assertThat(s.failure()).isNotNull();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static dev.tusk.types.Dumper<Object>[] dumpers() {
        return new dev.tusk.types.Dumper[] {(dev.tusk.types.Dumper<Object>) (dev.tusk.types.Dumper<?>)
                dev.tusk.types.Adapters.global().dumperFor(1)};
    }
}
