/**
 * Tusk: an asynchronous PostgreSQL client with blocking, {@code CompletableFuture} and
 * caller-driven connections over one sans-IO protocol core. No runtime dependencies.
 */
module dev.tusk {
    requires jdk.net;

    exports dev.tusk;
    exports dev.tusk.conninfo;
    exports dev.tusk.errors;
    exports dev.tusk.protocol;
    exports dev.tusk.types;
    exports dev.tusk.sql;
    exports dev.tusk.auth;
    exports dev.tusk.net;
    exports dev.tusk.pool;
}
