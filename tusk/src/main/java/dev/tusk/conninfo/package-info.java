/**
 * libpq-compatible connection strings and URIs, environment variables, the password and service files.
 */
package dev.tusk.conninfo;
