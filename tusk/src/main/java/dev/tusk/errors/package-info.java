/**
 * The DB-API exception hierarchy and one exception class per SQLSTATE.
 */
package dev.tusk.errors;
