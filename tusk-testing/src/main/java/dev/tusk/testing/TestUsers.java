package dev.tusk.testing;

/**
 * Names and passwords of the roles and database that {@link EmbeddedPostgres#shared()} creates.
 * They are fixed, public test credentials, one role per {@link AuthMethod}.
 */
public final class TestUsers {

    /** The bootstrap superuser; trusted, no password. */
    public static final String SUPERUSER = "postgres";

    /** A role that logs in with {@link AuthMethod#TRUST}. */
    public static final String TRUST_USER = "tusk_trust";

    /** A role that logs in with {@link AuthMethod#PASSWORD} (cleartext exchange). */
    public static final String PASSWORD_USER = "tusk_password";
    /** Password of {@link #PASSWORD_USER}. */
    public static final String PASSWORD_USER_PASSWORD = "secret-pw";

    /** A role that logs in with {@link AuthMethod#MD5}. */
    public static final String MD5_USER = "tusk_md5";
    /** Password of {@link #MD5_USER}. */
    public static final String MD5_USER_PASSWORD = "md5-pw";

    /** A role that logs in with {@link AuthMethod#SCRAM_SHA_256}. */
    public static final String SCRAM_USER = "tusk_scram";
    /** Password of {@link #SCRAM_USER}. */
    public static final String SCRAM_USER_PASSWORD = "scram-pw";

    /** A database owned by {@link #SUPERUSER}, the target of {@link Dsn @Dsn} parameters. */
    public static final String DATABASE = "tusk_test";

    private TestUsers() {
    }
}
