package dev.tusk.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the session sends at startup: the user, the database, run-time parameters, and the
 * password to answer an authentication request with. The password never appears in
 * {@link #toString()}.
 */
public final class StartupConfig {
    private final String user;
    private final String password;
    private final Map<String, String> parameters;

    /**
     * Creates a startup configuration.
     *
     * @param user       role name
     * @param database   database name
     * @param password   password, or {@code null} if none was given
     * @param parameters extra run-time parameters ({@code application_name}, {@code options}, GUCs)
     */
    public StartupConfig(String user, String database, String password, Map<String, String> parameters) {
        this.user = user;
        this.password = password;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("user", user);
        p.put("database", database);
        // Loaders parse ISO dates and full-precision floats; UTF8 is the only encoding Tusk speaks.
        p.put("client_encoding", "UTF8");
        p.put("DateStyle", "ISO");
        p.put("extra_float_digits", "3");
        p.putAll(parameters);
        this.parameters = Collections.unmodifiableMap(p);
    }

    /**
     * The role name.
     *
     * @return the user
     */
    public String user() {
        return user;
    }

    /**
     * The password, or {@code null}.
     *
     * @return the password
     */
    String password() {
        return password;
    }

    /**
     * Every startup parameter, {@code user} and {@code database} included.
     *
     * @return an unmodifiable ordered map
     */
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return "StartupConfig" + parameters + (password == null ? "" : " (password set)");
    }
}
