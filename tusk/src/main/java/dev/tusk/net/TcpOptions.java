package dev.tusk.net;

import dev.tusk.conninfo.ConnInfo;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;

/**
 * libpq's TCP settings: {@code keepalives} (on unless 0), {@code keepalives_idle},
 * {@code keepalives_interval}, {@code keepalives_count} (seconds, seconds, probes). Keepalives
 * are what notices a server that vanished without closing the connection (half-open TCP).
 *
 * @param keepalives whether keepalives are on
 * @param idle       seconds idle before the first probe, or 0 for the system default
 * @param interval   seconds between probes, or 0 for the system default
 * @param count      unanswered probes before the connection is dropped, or 0 for the system default
 */
record TcpOptions(boolean keepalives, int idle, int interval, int count) {
    static final TcpOptions DEFAULTS = new TcpOptions(true, 0, 0, 0);

    static TcpOptions of(ConnInfo info) {
        return new TcpOptions(!"0".equals(strip(info.get("keepalives"))), seconds(info, "keepalives_idle"),
                seconds(info, "keepalives_interval"), seconds(info, "keepalives_count"));
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    private static int seconds(ConnInfo info, String key) {
        String v = strip(info.get(key));
        return v == null ? 0 : Math.max(0, Integer.parseInt(v));
    }

    void apply(SocketChannel ch) throws IOException {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.setOption(StandardSocketOptions.SO_KEEPALIVE, keepalives);
        if (!keepalives) {
            return;
        }
        // Not every platform has these; where one is missing the system default stays.
        set(ch, ExtendedSocketOptions.TCP_KEEPIDLE, idle);
        set(ch, ExtendedSocketOptions.TCP_KEEPINTERVAL, interval);
        set(ch, ExtendedSocketOptions.TCP_KEEPCOUNT, count);
    }

    private static void set(SocketChannel ch, java.net.SocketOption<Integer> option, int value) throws IOException {
        if (value > 0 && ch.supportedOptions().contains(option)) {
            ch.setOption(option, value);
        }
    }
}
