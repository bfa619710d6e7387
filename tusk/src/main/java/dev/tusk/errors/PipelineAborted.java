package dev.tusk.errors;

/**
 * A statement of a pipeline was not run because an earlier statement of the same group (the
 * statements up to the next sync) failed: the server skips everything after an error until
 * the group ends (psycopg's {@code PipelineAborted}). The error worth reading is the earlier
 * statement's; the connection stays usable once the pipeline is synced.
 */
public class PipelineAborted extends OperationalException {
    /**
     * Creates the exception with a message.
     *
     * @param message what went wrong
     */
    public PipelineAborted(String message) {
        super(message);
    }
}
