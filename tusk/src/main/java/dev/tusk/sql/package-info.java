/**
 * SQL text handling on the client: psycopg placeholders and safe composition.
 */
package dev.tusk.sql;
