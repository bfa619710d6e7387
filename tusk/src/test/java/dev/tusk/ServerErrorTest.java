package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tusk.errors.DatabaseException;
import dev.tusk.errors.IntegrityException;
import dev.tusk.errors.ProgrammingException;
import dev.tusk.errors.SyntaxError;
import dev.tusk.errors.UndefinedTable;
import dev.tusk.errors.UniqueViolation;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ServerErrorTest {
    private final String dsn;

    ServerErrorTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @Test
    void aUniqueViolationCarriesItsConstraintAndTheConnectionRecovers() {
        try (Connection conn = Connection.connect(dsn)) {
            conn.execute("CREATE TEMP TABLE u (id int CONSTRAINT u_pkey PRIMARY KEY)");
            conn.execute("INSERT INTO u VALUES (%s)", 1);
            UniqueViolation e = catchThrowableOfType(() -> conn.execute("INSERT INTO u VALUES (%s)", 1), UniqueViolation.class);
            assertThat(e).isInstanceOf(IntegrityException.class);
            assertThat(e.sqlState()).isEqualTo("23505");
            assertThat(e.diagnostic().constraintName()).isEqualTo("u_pkey");
            assertThat(e.diagnostic().tableName()).isEqualTo("u");
            assertThat(e.diagnostic().messageDetail()).contains("(id)=(1)");
            assertThat(e.diagnostic().severityNonlocalized()).isEqualTo("ERROR");
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INERROR);
            conn.rollback();
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
            assertThat(conn.execute("SELECT 1").fetchOne().get(0)).isEqualTo(1);
        }
    }

    @Test
    void errorsAreTypedByTheirSqlState() {
        try (Connection conn = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            SyntaxError syntax = catchThrowableOfType(() -> conn.execute("SELEC 1"), SyntaxError.class);
            assertThat(syntax).isInstanceOf(ProgrammingException.class);
            assertThat(syntax.diagnostic().statementPosition()).isEqualTo("1");
            UndefinedTable missing = catchThrowableOfType(() -> conn.execute("SELECT * FROM nowhere_%s", 1), UndefinedTable.class);
            assertThat(missing.getMessage()).contains("nowhere_$1");
            DatabaseException raised = catchThrowableOfType(() -> conn.execute(
                    "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'custom', HINT = 'a hint'; END $$"),
                    dev.tusk.errors.RaiseException.class);
            assertThat(raised.diagnostic().messageHint()).isEqualTo("a hint");
            assertThat(raised.getMessage()).contains("custom").contains("HINT:  a hint");
            // autocommit: each failure left the connection idle and usable
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        }
    }

    @Test
    void anErrorInAMultiStatementQueryStopsTheRest() {
        try (Connection conn = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build())) {
            conn.execute("CREATE TEMP TABLE m (x int)");
            catchThrowableOfType(() -> conn.execute("INSERT INTO m VALUES (1); SELECT 1/0; INSERT INTO m VALUES (2)"),
                    dev.tusk.errors.DivisionByZero.class);
            // A simple query string runs as one implicit transaction: nothing of it stays.
            assertThat(conn.execute("SELECT count(*) FROM m").fetchOne().get(0)).isEqualTo(0L);
        }
    }
}
