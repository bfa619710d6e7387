package dev.tusk.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} parameter that {@link PostgresExtension} fills with a superuser DSN.
 *
 * <p>For the shared embedded server the DSN targets database {@value TestUsers#DATABASE} (not
 * {@code postgres}, so tests do not litter the maintenance database); for an external server it
 * is {@code TUSK_TEST_DSN} unchanged.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Dsn {
}
