/**
 * Type adaptation: dumpers and loaders between Java values and PostgreSQL's text and binary forms.
 *
 * <p>{@link dev.tusk.types.Adapters} is the registry: {@code Adapters.global()} holds the
 * built-ins, each connection and cursor works on a copy. A {@link dev.tusk.types.Dumper}
 * turns a parameter into bytes (and into an SQL literal for {@code mogrify}); a
 * {@link dev.tusk.types.Loader} turns a result value's bytes into a Java object. The value
 * types PostgreSQL has and Java lacks are {@link dev.tusk.types.Interval},
 * {@link dev.tusk.types.Json} and {@link dev.tusk.types.Jsonb}. The built-in mappings and
 * their special values (NaN, infinity, BC dates, {@code void}) are listed on
 * {@link dev.tusk.types.Adapters}. User-defined and extension types are described by a
 * {@link dev.tusk.types.TypeInfo} and registered on {@code Adapters}; composites load as
 * {@link dev.tusk.types.Composite}s or records.
 */
package dev.tusk.types;
