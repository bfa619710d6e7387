package dev.tusk.protocol;

import dev.tusk.errors.Diagnostic;

/**
 * Receives what the server says outside of any command's results: notices, notifications
 * and parameter changes. Called on the thread that drives the session.
 */
public interface SessionListener {

    /**
     * A {@code NoticeResponse}: a warning or informational message.
     *
     * @param notice the notice fields
     */
    default void onNotice(Diagnostic notice) {
    }

    /**
     * A {@code NotificationResponse} from LISTEN/NOTIFY.
     *
     * @param processId the notifying backend
     * @param channel   the channel
     * @param payload   the payload
     */
    default void onNotification(int processId, String channel, String payload) {
    }

    /**
     * A run-time parameter changed ({@code ParameterStatus}), also during startup.
     *
     * @param name  the parameter
     * @param value its new value
     */
    default void onParameterStatus(String name, String value) {
    }
}
