package dev.tusk.net;

import dev.tusk.conninfo.Endpoint;
import dev.tusk.protocol.FrontendEncoder;
import dev.tusk.types.ByteSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Sends a {@code CancelRequest} for a backend over a connection of its own, as the protocol
 * requires. It waits for the server to close that connection: by then the postmaster has
 * signalled the backend, so a cancel can no longer land on a later query of the same session.
 */
public final class CancelRequest {
    private CancelRequest() {
    }

    /**
     * Sends the request.
     *
     * @param endpoint  the endpoint of the session
     * @param address   the TCP address the session connected to, {@code null} for a Unix socket
     * @param processId the backend's process id
     * @param secretKey the backend's cancel key
     * @param deadline  {@link System#nanoTime()} bound for the whole exchange
     * @throws IOException when the server cannot be reached in time
     */
    public static void send(Endpoint endpoint, InetSocketAddress address, int processId, byte[] secretKey, long deadline)
            throws IOException {
        try (SocketIo io = SocketIo.connect(endpoint, address, deadline)) {
            ByteSink out = new ByteSink(16 + secretKey.length);
            FrontendEncoder.cancelRequest(out, processId, secretKey);
            io.write(out.asByteBuffer(), deadline);
            ByteBuffer sink = ByteBuffer.allocate(64);
            while (io.read(sink, deadline) >= 0) {
                sink.clear();
            }
        }
    }
}
