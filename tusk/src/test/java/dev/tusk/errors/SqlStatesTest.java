package dev.tusk.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the generated SQLSTATE exceptions and {@link SqlStates} against errcodes.txt. */
class SqlStatesTest {

    /** psycopg 3's {@code _base_exc_map}: SQLSTATE class (two characters, else first character) to DB-API base. */
    private static final Map<String, Class<? extends DatabaseException>> BASES = Map.ofEntries(
            Map.entry("08", OperationalException.class), Map.entry("0A", NotSupportedException.class),
            Map.entry("20", ProgrammingException.class), Map.entry("21", ProgrammingException.class),
            Map.entry("22", DataException.class), Map.entry("23", IntegrityException.class),
            Map.entry("24", InternalException.class), Map.entry("25", InternalException.class),
            Map.entry("26", ProgrammingException.class), Map.entry("27", OperationalException.class),
            Map.entry("28", OperationalException.class), Map.entry("2B", InternalException.class),
            Map.entry("2D", InternalException.class), Map.entry("2F", OperationalException.class),
            Map.entry("34", ProgrammingException.class), Map.entry("38", OperationalException.class),
            Map.entry("39", OperationalException.class), Map.entry("3B", OperationalException.class),
            Map.entry("3D", ProgrammingException.class), Map.entry("3F", ProgrammingException.class),
            Map.entry("40", OperationalException.class), Map.entry("42", ProgrammingException.class),
            Map.entry("44", ProgrammingException.class), Map.entry("53", OperationalException.class),
            Map.entry("54", OperationalException.class), Map.entry("55", OperationalException.class),
            Map.entry("57", OperationalException.class), Map.entry("58", OperationalException.class),
            Map.entry("F", OperationalException.class), Map.entry("H", OperationalException.class),
            Map.entry("P", ProgrammingException.class), Map.entry("X", InternalException.class));

    /** An {@code E} line of errcodes.txt: code, macro, spec name (null when absent). */
    record Line(String sqlState, String macro, String specName) {
    }

    private static List<Line> errors;

    @BeforeAll
    static void readErrcodes() throws IOException {
        errors = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of("src/build/errcodes.txt"), StandardCharsets.UTF_8)) {
            String[] f = l.trim().split("\\s+");
            if (!l.startsWith("#") && f.length >= 3 && f[1].equals("E")) {
                errors.add(new Line(f[0], f[2], f.length > 3 ? f[3] : null));
            }
        }
    }

    private static Diagnostic diag(String sqlState) {
        return Diagnostic.of(Map.of('S', "ERROR", 'V', "ERROR", 'C', sqlState, 'M', "boom", 'D', "some detail"));
    }

    private static Class<? extends DatabaseException> base(String sqlState) {
        Class<? extends DatabaseException> b = BASES.get(sqlState.substring(0, 2));
        return b != null ? b : BASES.getOrDefault(sqlState.substring(0, 1), DatabaseException.class);
    }

    private static String camel(String specName) {
        StringBuilder sb = new StringBuilder();
        for (String part : specName.split("_")) {
            sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    @Test
    void readsPostgres17Codes() {
        assertThat(errors).extracting(Line::sqlState).contains("23505", "25P04", "2203G", "XX002");
    }

    @Test
    void everyErrorCodeHasItsOwnClass() throws Exception {
        Set<String> seen = new HashSet<>();
        int classes = 0;
        for (Line line : errors) {
            if (line.specName() == null) {
                continue;
            }
            String expected = camel(line.specName());
            if (expected.equals("DataException") || expected.equals("InternalError")) {
                // Names taken by a base class or by java.lang get an Sql prefix.
                expected = "Sql" + expected;
            }
            if (!seen.add(expected)) {
                expected += "Ext";
            }
            Class<? extends DatabaseException> cls = SqlStates.lookup(line.sqlState());
            assertThat(cls.getSimpleName()).as(line.toString()).isEqualTo(expected);
            assertThat(SqlStates.className(line.sqlState())).isEqualTo(expected);
            assertThat(Modifier.isPublic(cls.getModifiers())).isTrue();
            assertThat(cls.getPackageName()).isEqualTo("dev.tusk.errors");
            assertThat(base(line.sqlState())).as(line.toString()).isAssignableFrom(cls);
            assertThat(cls.getField("SQLSTATE").get(null)).isEqualTo(line.sqlState());

            String generic = line.sqlState().substring(0, 2) + "000";
            if (!line.sqlState().equals(generic)) {
                assertThat(cls.getSuperclass()).as(line.toString()).isEqualTo(SqlStates.lookup(generic));
            } else {
                assertThat(cls.getSuperclass()).as(line.toString()).isEqualTo(base(generic));
            }

            Diagnostic d = diag(line.sqlState());
            DatabaseException e = SqlStates.forDiagnostic(d);
            assertThat(e).isExactlyInstanceOf(cls);
            assertThat(e.diagnostic()).isSameAs(d);
            classes++;
        }
        assertThat(classes).isEqualTo(seen.size() + 4).isGreaterThan(240);
    }

    @Test
    void aliasesWithoutSpecNameShareTheClassOfTheirCode() {
        List<Line> aliases = errors.stream().filter(l -> l.specName() == null).toList();
        assertThat(aliases).extracting(Line::macro).contains("ERRCODE_ARRAY_ELEMENT_ERROR", "ERRCODE_UNDEFINED_CURSOR");
        for (Line alias : aliases) {
            Line named = errors.stream()
                    .filter(l -> l.specName() != null && l.sqlState().equals(alias.sqlState()))
                    .findFirst().orElseThrow();
            assertThat(SqlStates.lookup(alias.sqlState())).hasToString("class dev.tusk.errors." + camel(named.specName()));
        }
        assertThat(SqlStates.lookup("2202E")).isEqualTo(ArraySubscriptError.class);
        assertThat(SqlStates.lookup("34000")).isEqualTo(InvalidCursorName.class);
    }

    @Test
    void wellKnownClasses() {
        assertThat(new UniqueViolation("x")).isInstanceOf(IntegrityConstraintViolation.class)
                .isInstanceOf(IntegrityException.class).isInstanceOf(DatabaseException.class)
                .isInstanceOf(PgException.class).isInstanceOf(RuntimeException.class);
        assertThat(UniqueViolation.SQLSTATE).isEqualTo("23505");
        assertThat(SqlStates.lookup("23505")).isEqualTo(UniqueViolation.class);
        assertThat(SqlStates.lookup("57014")).isEqualTo(QueryCanceled.class);
        assertThat(QueryCanceled.class.getSuperclass()).isEqualTo(OperatorIntervention.class);
        assertThat(OperatorIntervention.class.getSuperclass()).isEqualTo(OperationalException.class);
        assertThat(SqlStates.lookup("22012")).isEqualTo(DivisionByZero.class);
        assertThat(SqlStates.lookup("22001")).isEqualTo(StringDataRightTruncation.class);
        assertThat(SqlStates.lookup("40001")).isEqualTo(SerializationFailure.class);
        assertThat(SqlStates.lookup("40P01")).isEqualTo(DeadlockDetected.class);
        assertThat(SqlStates.lookup("42P01")).isEqualTo(UndefinedTable.class);
        assertThat(SqlStates.lookup("08P01")).isEqualTo(ProtocolViolation.class);
        assertThat(SqlStates.lookup("0A000")).isEqualTo(FeatureNotSupported.class);
        assertThat(FeatureNotSupported.class.getSuperclass()).isEqualTo(NotSupportedException.class);
        assertThat(SqlStates.lookup("XX000")).isEqualTo(SqlInternalError.class);
        assertThat(SqlInternalError.class.getSuperclass()).isEqualTo(InternalException.class);
        assertThat(SqlStates.lookup("22000")).isEqualTo(SqlDataException.class);
        assertThat(SqlDataException.class.getSuperclass()).isEqualTo(DataException.class);
        assertThat(SqlStates.lookup("22004")).isEqualTo(NullValueNotAllowed.class);
        assertThat(SqlStates.lookup("39004")).isEqualTo(NullValueNotAllowedExt.class);
        assertThat(SqlStates.lookup("38002")).isEqualTo(ModifyingSqlDataNotPermittedExt.class);
        assertThat(SqlStates.lookup("2F002")).isEqualTo(ModifyingSqlDataNotPermitted.class);
        assertThat(SqlStates.lookup("P0001")).isEqualTo(RaiseException.class);
        assertThat(SqlStates.lookup("03000").getSuperclass()).isEqualTo(DatabaseException.class);
    }

    @Test
    void unknownCodeInAKnownClassGetsTheClassLevelException() {
        assertThat(SqlStates.lookup("23999")).isEqualTo(IntegrityConstraintViolation.class);
        DatabaseException e = SqlStates.forDiagnostic(diag("23999"));
        assertThat(e).isExactlyInstanceOf(IntegrityConstraintViolation.class).isInstanceOf(IntegrityException.class);
        assertThat(e.sqlState()).isEqualTo("23999");
        assertThat(SqlStates.forDiagnostic(diag("57P99"))).isExactlyInstanceOf(OperatorIntervention.class);
        assertThat(SqlStates.forDiagnostic(diag("XX999"))).isExactlyInstanceOf(SqlInternalError.class);
    }

    @Test
    void unknownClassFallsBackToTheDbApiBaseThenDatabaseException() {
        assertThat(SqlStates.forDiagnostic(diag("F1234"))).isExactlyInstanceOf(OperationalException.class);
        assertThat(SqlStates.forDiagnostic(diag("P1234"))).isExactlyInstanceOf(ProgrammingException.class);
        assertThat(SqlStates.forDiagnostic(diag("X1234"))).isExactlyInstanceOf(InternalException.class);
        assertThat(SqlStates.forDiagnostic(diag("ZZ123"))).isExactlyInstanceOf(DatabaseException.class);
        assertThat(SqlStates.lookup("ZZ123")).isEqualTo(DatabaseException.class);
        assertThat(SqlStates.lookup("01004")).isEqualTo(DatabaseException.class); // a warning: no class
        assertThat(SqlStates.lookup("00000")).isEqualTo(DatabaseException.class);
        assertThat(SqlStates.lookup("")).isEqualTo(DatabaseException.class);
        assertThat(SqlStates.lookup("2")).isEqualTo(DatabaseException.class);
        assertThat(SqlStates.className("ZZ123")).isEqualTo("DatabaseException");
    }

    @Test
    void missingSqlStateGivesDatabaseException() {
        Diagnostic d = Diagnostic.of(Map.of('S', "FATAL", 'M', "no code"));
        DatabaseException e = SqlStates.forDiagnostic(d);
        assertThat(e).isExactlyInstanceOf(DatabaseException.class);
        assertThat(e.diagnostic()).isSameAs(d);
        assertThat(e.sqlState()).isNull();
    }

    @Test
    void exceptionCarriesTheDiagnostic() {
        Diagnostic d = Diagnostic.of(Map.of('S', "ERROR", 'C', "23505", 'M', "duplicate key value violates unique constraint \"t_pkey\"",
                'D', "Key (id)=(1) already exists.", 'n', "t_pkey"));
        DatabaseException e = SqlStates.forDiagnostic(d);
        assertThat(e).isInstanceOf(UniqueViolation.class);
        assertThat(e.diagnostic()).isSameAs(d);
        assertThat(e.sqlState()).isEqualTo("23505");
        assertThat(e.diagnostic().constraintName()).isEqualTo("t_pkey");
        assertThat(e.getMessage()).isEqualTo(d.format())
                .isEqualTo("ERROR:  duplicate key value violates unique constraint \"t_pkey\"\nDETAIL:  Key (id)=(1) already exists.");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void generatedConstructorsBehaveLikeTheBaseOnes() {
        IllegalStateException cause = new IllegalStateException("cause");
        UniqueViolation withCause = new UniqueViolation("msg", cause);
        assertThat(withCause).hasMessage("msg").hasCause(cause);
        assertThat(withCause.diagnostic()).isNull();
        assertThat(withCause.sqlState()).isNull();
        assertThat(new DivisionByZero("m")).hasMessage("m").hasNoCause();
    }
}
