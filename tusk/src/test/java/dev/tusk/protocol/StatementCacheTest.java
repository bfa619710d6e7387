package dev.tusk.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementCacheTest {
    private static final int[] NO_OIDS = {};

    @Test
    void aQueryIsPreparedAfterThresholdUses() {
        StatementCache c = new StatementCache(2, 10);
        assertThat(c.use("q", NO_OIDS)).isNull();
        assertThat(c.use("q", NO_OIDS)).isNull();
        StatementCache.Entry e = c.use("q", NO_OIDS);
        assertThat(e).isNotNull();
        assertThat(e.name).startsWith("_tusk_");
        assertThat(c.use("q", NO_OIDS)).isSameAs(e);
    }

    @Test
    void thresholdZeroPreparesAtOnceAndNegativeNever() {
        assertThat(new StatementCache(0, 10).use("q", NO_OIDS)).isNotNull();
        StatementCache never = new StatementCache(-1, 10);
        for (int i = 0; i < 20; i++) {
            assertThat(never.use("q", NO_OIDS)).isNull();
        }
    }

    @Test
    void parameterTypesArePartOfTheKey() {
        StatementCache c = new StatementCache(0, 10);
        assertThat(c.use("q", new int[] {23})).isNotSameAs(c.use("q", new int[] {20}));
    }

    @Test
    void theLeastRecentlyUsedStatementIsClosedBeyondTheBound() {
        StatementCache c = new StatementCache(0, 2);
        StatementCache.Entry a = c.use("a", NO_OIDS);
        c.use("b", NO_OIDS);
        c.use("b", NO_OIDS);
        c.use("c", NO_OIDS);
        assertThat(c.preparedCount()).isEqualTo(2);
        assertThat(c.takePendingCloses()).containsExactly(a.name);
        assertThat(c.takePendingCloses()).isEmpty();
    }

    @Test
    void discardAllForgetsEveryStatement() {
        StatementCache c = new StatementCache(0, 5);
        StatementCache.Entry a = c.use("a", NO_OIDS);
        c.noteCommand("DISCARD ALL");
        assertThat(c.preparedCount()).isZero();
        assertThat(c.use("a", NO_OIDS)).isNotSameAs(a);
    }

    @Test
    void aStaleStatementIsForgottenAndClosedLater() {
        StatementCache c = new StatementCache(0, 5);
        StatementCache.Entry a = c.use("a", NO_OIDS);
        c.invalidate(a, true);
        assertThat(c.preparedCount()).isZero();
        assertThat(c.takePendingCloses()).containsExactly(a.name);
    }
}
