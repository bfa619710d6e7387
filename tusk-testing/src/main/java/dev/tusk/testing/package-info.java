/**
 * A throwaway real PostgreSQL server for tests and demos ({@link dev.tusk.testing.EmbeddedPostgres}),
 * and a JUnit 5 extension ({@link dev.tusk.testing.PostgresExtension}) that hands it to tests.
 */
package dev.tusk.testing;
