/**
 * Tusk: an asynchronous PostgreSQL client with blocking, {@code CompletableFuture} and
 * caller-driven connections over one sans-IO protocol core. No runtime dependencies.
 */
module dev.tusk {
    exports dev.tusk.errors;
    exports dev.tusk.types;
}
