package dev.tusk.protocol;

import dev.tusk.errors.DatabaseException;
import dev.tusk.errors.Diagnostic;
import dev.tusk.errors.SqlStates;

/** Turns a server {@code ErrorResponse} into its typed exception. */
final class ServerErrors {
    private ServerErrors() {
    }

    static DatabaseException toException(Diagnostic d) {
        return SqlStates.forDiagnostic(d);
    }
}
