/**
 * Drivers: the I/O around the sans-IO session (sockets, TCP and Unix-domain).
 */
package dev.tusk.net;
