package dev.tusk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StringprepTablesTest {
    private static final List<int[]> TABLES = List.of(
            StringprepTables.NON_ASCII_SPACE, StringprepTables.MAPPED_TO_NOTHING, StringprepTables.PROHIBITED,
            StringprepTables.UNASSIGNED, StringprepTables.RAND_AL_CAT, StringprepTables.L_CAT);

    @Test
    void holdsSortedDisjointInclusiveRanges() {
        for (int[] table : TABLES) {
            assertThat(table.length % 2).isZero();
            for (int i = 0; i < table.length; i += 2) {
                assertThat(table[i]).isLessThanOrEqualTo(table[i + 1]);
                if (i > 0) {
                    assertThat(table[i]).isGreaterThan(table[i - 1] + 1);
                }
            }
        }
    }

    @Test
    void findsRangeEndsAndNothingBetweenRanges() {
        int[] table = StringprepTables.NON_ASCII_SPACE;
        assertThat(StringprepTables.contains(table, 0x2000)).isTrue();
        assertThat(StringprepTables.contains(table, 0x200B)).isTrue();
        assertThat(StringprepTables.contains(table, 0x200C)).isFalse();
        assertThat(StringprepTables.contains(table, 0x20)).isFalse();
        assertThat(StringprepTables.contains(table, 0x10FFFF)).isFalse();
        assertThat(StringprepTables.contains(StringprepTables.PROHIBITED, 0x10FFFF)).isTrue();
        assertThat(StringprepTables.contains(StringprepTables.L_CAT, 'a')).isTrue();
        assertThat(StringprepTables.contains(StringprepTables.RAND_AL_CAT, 0x05D0)).isTrue();
    }
}
