package dev.tusk.protocol;

import dev.tusk.protocol.BackendMessage.ErrorResponse;
import dev.tusk.protocol.BackendMessage.ReadyForQuery;
import dev.tusk.types.ByteSink;

/**
 * The end of a pipeline group: a {@code Sync}, completed by the server's
 * {@code ReadyForQuery}. Outside an explicit transaction block the server commits the group
 * here as one implicit transaction (or rolls it back if a statement failed).
 *
 * <p>The errors of the group's statements are on the statements themselves. This command's
 * own {@link #error()} is one the server reports for the {@code Sync} itself: the implicit
 * transaction failing to commit (a deferred constraint, a serialization failure).
 */
public final class PipelineSync extends Command {

    /** Creates the command. */
    public PipelineSync() {
    }

    @Override
    void encode(PgSession session, ByteSink out) {
        FrontendEncoder.sync(out);
    }

    @Override
    boolean handle(PgSession session, BackendMessage m) {
        if (m instanceof ErrorResponse e) {
            recordError(ServerErrors.toException(e.diagnostic()));
        } else if (m instanceof ReadyForQuery) {
            finish();
        } else {
            throw unexpected(m);
        }
        return true;
    }
}
