/**
 * The sans-IO PostgreSQL protocol: message codecs and the session state machine. No sockets, threads or clocks.
 */
package dev.tusk.protocol;
