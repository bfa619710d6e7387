package dev.tusk.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * JUnit 5 extension that gives tests a PostgreSQL server: {@link EmbeddedPostgres#shared()}, or
 * the existing server named by the {@value #DSN_ENV} environment variable when it is set.
 *
 * <p>Resolves constructor, lifecycle-method and test-method parameters of these types:
 * <ul>
 *   <li>{@link PgServer}: always;</li>
 *   <li>{@link EmbeddedPostgres}: the shared server. With an external server such tests (or whole
 *       classes, if a constructor or class-level lifecycle method asks for one) are skipped,
 *       because they rely on knowing the server's users, files or settings;</li>
 *   <li>{@code String} annotated with {@link Dsn @Dsn}: a superuser DSN, see there.</li>
 * </ul>
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class MyTest {
 *     @Test
 *     void connects(@Dsn String dsn) { ... }
 * }
 * }</pre>
 */
public final class PostgresExtension implements ParameterResolver, ExecutionCondition {

    /** Environment variable that points the suite at an existing server instead of starting one. */
    public static final String DSN_ENV = "TUSK_TEST_DSN";

    private static final Object EXTERNAL_LOCK = new Object();
    private static ExternalPostgres external;

    /**
     * Creates the extension; JUnit calls this through {@code @ExtendWith}.
     */
    public PostgresExtension() {
    }

    /**
     * Returns the server that tests should use: the external one if {@value #DSN_ENV} is set,
     * else the shared embedded server (started on first use).
     *
     * @return the server
     */
    public static PgServer server() {
        String dsn = System.getenv(DSN_ENV);
        if (dsn == null || dsn.isBlank()) {
            return EmbeddedPostgres.shared();
        }
        synchronized (EXTERNAL_LOCK) {
            if (external == null || !external.dsn().equals(dsn)) {
                external = new ExternalPostgres(dsn);
            }
            return external;
        }
    }

    private static boolean usesExternal() {
        String dsn = System.getenv(DSN_ENV);
        return dsn != null && !dsn.isBlank();
    }

    /**
     * Disables tests that need an {@link EmbeddedPostgres} when an external server is in use.
     * Resolving the parameter cannot do this itself: JUnit turns any exception from a resolver,
     * even an assumption failure, into a test failure.
     *
     * @param context the class or method about to run
     * @return enabled unless an {@code EmbeddedPostgres} parameter cannot be provided
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!usesExternal()) {
            return ConditionEvaluationResult.enabled("embedded PostgreSQL available");
        }
        List<Executable> needing = new ArrayList<>();
        Optional<Method> testMethod = context.getTestMethod();
        if (testMethod.isPresent()) {
            needing.add(testMethod.get());
        } else {
            Optional<Class<?>> testClass = context.getTestClass();
            if (testClass.isPresent()) {
                Class<?> c = testClass.get();
                for (Constructor<?> ctor : c.getDeclaredConstructors()) {
                    needing.add(ctor);
                }
                for (Class<? extends java.lang.annotation.Annotation> a
                        : List.of(BeforeAll.class, AfterAll.class, BeforeEach.class, AfterEach.class)) {
                    needing.addAll(AnnotationSupport.findAnnotatedMethods(c, a, HierarchyTraversalMode.TOP_DOWN));
                }
            }
        }
        for (Executable e : needing) {
            for (Parameter p : e.getParameters()) {
                if (p.getType() == EmbeddedPostgres.class) {
                    return ConditionEvaluationResult.disabled(e.getName()
                            + " needs an embedded PostgreSQL, but " + DSN_ENV + " selects an external server");
                }
            }
        }
        return ConditionEvaluationResult.enabled("no embedded-only parameters");
    }

    /**
     * Tells JUnit which parameters this extension fills.
     *
     * @param parameterContext the parameter
     * @param extensionContext the test context
     * @return true for {@link PgServer}, {@link EmbeddedPostgres} and {@code @Dsn String}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == PgServer.class || type == EmbeddedPostgres.class
                || (type == String.class && parameterContext.isAnnotated(Dsn.class));
    }

    /**
     * Provides the value of a supported parameter, starting the shared server if needed.
     *
     * @param parameterContext the parameter
     * @param extensionContext the test context
     * @return the server or DSN
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == EmbeddedPostgres.class) {
            if (usesExternal()) {
                throw new ParameterResolutionException(
                        "no EmbeddedPostgres available: " + DSN_ENV + " selects an external server");
            }
            return EmbeddedPostgres.shared();
        }
        PgServer server = server();
        if (type == PgServer.class) {
            return server;
        }
        return server.isEmbedded() ? server.dsn(TestUsers.SUPERUSER, null, TestUsers.DATABASE) : server.dsn();
    }
}
