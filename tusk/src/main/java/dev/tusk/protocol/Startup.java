package dev.tusk.protocol;

import dev.tusk.auth.Md5Password;
import dev.tusk.auth.SaslMechanisms;
import dev.tusk.auth.ScramSha256Client;
import dev.tusk.errors.NotSupportedException;
import dev.tusk.errors.OperationalException;
import dev.tusk.protocol.BackendMessage.*;
import dev.tusk.types.ByteSink;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The startup phase: the startup message, authentication (cleartext, MD5, SCRAM-SHA-256)
 * and the parameter reports, up to the first {@code ReadyForQuery}.
 */
final class Startup extends Command {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final StartupConfig config;
    private ScramSha256Client scram;

    Startup(StartupConfig config) {
        this.config = config;
    }

    @Override
    void encode(PgSession session, ByteSink out) {
        FrontendEncoder.startup(out, config.parameters());
    }

    @Override
    boolean handle(PgSession session, BackendMessage m) {
        ByteSink out = session.output();
        if (m instanceof AuthenticationOk) {
            if (scram != null && !scram.isComplete()) {
                // Never let a server skip proving it knows the password.
                throw new OperationalException("the server ended SCRAM authentication without proving its identity");
            }
        } else if (m instanceof AuthenticationCleartextPassword) {
            FrontendEncoder.password(out, password().getBytes(StandardCharsets.UTF_8));
        } else if (m instanceof AuthenticationMd5Password md5) {
            FrontendEncoder.password(out, Md5Password.response(config.user(),
                    password().getBytes(StandardCharsets.UTF_8), md5.salt()));
        } else if (m instanceof AuthenticationSasl sasl) {
            String mechanism = SaslMechanisms.choose(sasl.mechanisms());
            scram = new ScramSha256Client(password().getBytes(StandardCharsets.UTF_8), RANDOM);
            FrontendEncoder.saslInitialResponse(out, mechanism, scram.clientFirstMessage());
        } else if (m instanceof AuthenticationSaslContinue c) {
            FrontendEncoder.saslResponse(out, scram().handleServerFirst(c.data()));
        } else if (m instanceof AuthenticationSaslFinal f) {
            scram().verifyServerFinal(f.data());
        } else if (m instanceof AuthenticationUnsupported u) {
            throw new NotSupportedException("the server asks for an authentication method Tusk does not support "
                    + "(request code " + u.code() + ": Kerberos, GSSAPI or SSPI); use password, md5 or scram-sha-256");
        } else if (m instanceof BackendKeyData key) {
            session.setBackendKey(key.processId(), key.secretKey());
        } else if (m instanceof NegotiateProtocolVersion v) {
            session.setProtocolMinor(v.newestMinor());
        } else if (m instanceof ErrorResponse e) {
            // A startup error is final: the server closes the connection without ReadyForQuery.
            abort(ServerErrors.toException(e.diagnostic()));
        } else if (m instanceof ReadyForQuery) {
            finish();
        } else {
            throw unexpected(m);
        }
        return true;
    }

    private ScramSha256Client scram() {
        if (scram == null) {
            throw new dev.tusk.errors.ProtocolException("SASL continuation from the server without a SASL exchange");
        }
        return scram;
    }

    private String password() {
        String p = config.password();
        if (p == null) {
            throw new OperationalException("the server asks user \"" + config.user()
                    + "\" for a password, but none was supplied (set password in the conninfo, PGPASSWORD or a .pgpass file)");
        }
        return p;
    }
}
