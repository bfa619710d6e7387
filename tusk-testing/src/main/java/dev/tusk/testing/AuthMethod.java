package dev.tusk.testing;

/**
 * How a configured login role authenticates, written into {@code pg_hba.conf} for that role.
 */
public enum AuthMethod {
    /** No password is asked for. */
    TRUST("trust", "scram-sha-256"),
    /** Cleartext password exchange; the password is stored as a SCRAM verifier. */
    PASSWORD("password", "scram-sha-256"),
    /** MD5 challenge; the password is stored as an MD5 hash so the server really uses MD5. */
    MD5("md5", "md5"),
    /** SCRAM-SHA-256 SASL exchange. */
    SCRAM_SHA_256("scram-sha-256", "scram-sha-256");

    private final String hbaKeyword;
    private final String passwordEncryption;

    AuthMethod(String hbaKeyword, String passwordEncryption) {
        this.hbaKeyword = hbaKeyword;
        this.passwordEncryption = passwordEncryption;
    }

    /**
     * Returns the method keyword used in {@code pg_hba.conf}.
     *
     * @return e.g. {@code "scram-sha-256"}
     */
    public String hbaKeyword() {
        return hbaKeyword;
    }

    /**
     * Returns the {@code password_encryption} value under which the role's password is stored.
     *
     * @return {@code "md5"} or {@code "scram-sha-256"}
     */
    String passwordEncryption() {
        return passwordEncryption;
    }

    /**
     * Tells whether this method needs a password to log in.
     *
     * @return false only for {@link #TRUST}
     */
    public boolean needsPassword() {
        return this != TRUST;
    }
}
