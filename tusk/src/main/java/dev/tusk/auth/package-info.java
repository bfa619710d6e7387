/**
 * Password authentication: cleartext, MD5 and SCRAM-SHA-256 (RFC 5802, RFC 7677).
 */
package dev.tusk.auth;
