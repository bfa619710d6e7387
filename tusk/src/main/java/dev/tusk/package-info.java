/**
 * Tusk's public API: connections, cursors, rows, transactions.
 */
package dev.tusk;
