package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SingleStatementTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1",
        "SELECT 1;",
        "  SELECT 1 ;; -- done\n /* really */ ",
        "SELECT ';' AS semi",
        "SELECT 'it''s; fine'",
        "SELECT E'a\\';b'",
        "SELECT \"a;b\" FROM t",
        "SELECT \"a\"\";b\" FROM t",
        "SELECT 1 -- ; SELECT 2",
        "SELECT 1 /* ; /* nested ; */ still ; */",
        "DO $$ BEGIN PERFORM 1; PERFORM 2; END $$",
        "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
        "SELECT $1 + 1",
        "SELECT a$b; ",
    })
    void oneStatement(String sql) {
        assertThat(SingleStatement.test(sql)).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        ";",
        "-- nothing",
        "SELECT 1; SELECT 2",
        "SELECT 1; -- first\nSELECT 2",
        "SELECT ';'; SELECT 2",
        "DO $$ BEGIN END $$; SELECT 1",
        // A plain constant with a backslash: with standard_conforming_strings off the quote is escaped.
        "SELECT 'a\\'; SELECT 1 --'",
        // Unclosed quotes and comments: the server's error is the simple protocol's business.
        "SELECT 'unclosed",
        "SELECT \"unclosed",
        "SELECT 1 /* unclosed",
        "SELECT $x$ unclosed",
    })
    void notExactlyOneStatement(String sql) {
        assertThat(SingleStatement.test(sql)).as(sql).isFalse();
    }
}
