package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.ProgrammingException;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TransactionTest {
    private final String dsn;
    private Connection conn;

    TransactionTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void setUp() {
        conn = Connection.connect(dsn, ConnectOptions.builder().autocommit(true).build());
        conn.execute("CREATE TEMP TABLE tx (x int)");
    }

    @AfterEach
    void tearDown() {
        conn.close();
    }

    private long count() {
        return conn.execute("SELECT count(*) FROM tx").fetchOne().get(0, Long.class);
    }

    @Test
    void aCommittedBlockKeepsItsWork() {
        try (Transaction tx = conn.transaction()) {
            assertThat(tx.savepoint()).isNull();
            conn.execute("INSERT INTO tx VALUES (1)");
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
            tx.commit();
            assertThat(tx.isEnded()).isTrue();
        }
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void leavingABlockByAnExceptionRollsItBack() {
        assertThatThrownBy(() -> {
            try (Transaction tx = conn.transaction()) {
                conn.execute("INSERT INTO tx VALUES (1)");
                throw new IllegalStateException("application failure");
            }
        }).hasMessage("application failure");
        assertThat(count()).isZero();
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
    }

    @Test
    void nestedBlocksAreSavepoints() {
        try (Transaction outer = conn.transaction()) {
            conn.execute("INSERT INTO tx VALUES (1)");
            try (Transaction inner = conn.transaction()) {
                assertThat(inner.savepoint()).isNotNull();
                conn.execute("INSERT INTO tx VALUES (2)");
                conn.execute("SELECT 1/0");
            } catch (dev.tusk.errors.DivisionByZero expected) {
                assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
            }
            try (Transaction inner = conn.transaction()) {
                conn.execute("INSERT INTO tx VALUES (3)");
                inner.commit();
            }
            outer.commit();
        }
        assertThat(conn.execute("SELECT x FROM tx ORDER BY x").fetchAll()).extracting(r -> r.get(0)).containsExactly(1, 3);
    }

    @Test
    void theLambdaFormCommitsOnReturnAndRollsBackOnThrow() throws IOException {
        int result = conn.transaction(tx -> {
            conn.execute("INSERT INTO tx VALUES (1)");
            return 7;
        });
        assertThat(result).isEqualTo(7);
        assertThatThrownBy(() -> conn.transaction(tx -> {
            conn.execute("INSERT INTO tx VALUES (2)");
            throw new IOException("checked failure");
        })).isInstanceOf(IOException.class);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void closingAnOuterBlockRollsBackInnerBlocksLeftOpen() {
        Transaction outer = conn.transaction();
        conn.execute("INSERT INTO tx VALUES (1)");
        Transaction inner = conn.transaction();
        conn.execute("INSERT INTO tx VALUES (2)");
        outer.commit();
        assertThat(inner.isEnded()).isTrue();
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void commitAndRollbackAreForbiddenInsideABlock() {
        try (Transaction tx = conn.transaction()) {
            assertThatThrownBy(conn::commit).isInstanceOf(ProgrammingException.class);
            assertThatThrownBy(conn::rollback).isInstanceOf(ProgrammingException.class);
        }
    }

    @Test
    void aBlockInsideAnImplicitTransactionIsASavepoint() {
        conn.setAutocommit(false);
        conn.execute("INSERT INTO tx VALUES (1)");
        try (Transaction tx = conn.transaction()) {
            assertThat(tx.savepoint()).isNotNull();
            conn.execute("INSERT INTO tx VALUES (2)");
        }
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
        conn.commit();
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void theBlockUsesTheConfiguredIsolationLevel() {
        conn.setIsolationLevel(IsolationLevel.SERIALIZABLE);
        try (Transaction tx = conn.transaction()) {
            assertThat(conn.execute("SHOW transaction_isolation").fetchOne().get(0)).isEqualTo("serializable");
        }
    }
}
