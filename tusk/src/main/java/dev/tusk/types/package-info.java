/**
 * Type adaptation: dumpers and loaders between Java values and PostgreSQL's text and binary forms.
 */
package dev.tusk.types;
