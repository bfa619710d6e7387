package dev.tusk.net;

import dev.tusk.conninfo.ConnInfo;
import dev.tusk.conninfo.Endpoint;
import dev.tusk.errors.PgException;
import dev.tusk.protocol.PgSession;
import dev.tusk.protocol.StatementCache;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Connects an {@link AsyncSession} without blocking a loop thread: host names are resolved on
 * a {@link BlockingTasks} thread, sockets connect non-blocking, and the endpoints and their
 * addresses are tried in order, each attempt bounded by {@code connect_timeout}. As in libpq,
 * a server that answered with an error (a failed login) ends the attempt.
 */
final class AsyncConnector {
    private final ConnInfo info;
    private final int preparedMax;
    private final int prepareThreshold;
    private final Consumer<PgSession> setup;
    private final EventLoop loop;
    private final TcpOptions tcp;
    private final Duration timeout;
    private final Iterator<Endpoint> endpoints;
    private final ConnectAttempts attempts = new ConnectAttempts();
    private final CompletableFuture<AsyncSession> result = new CompletableFuture<>();
    private Endpoint endpoint;
    private Iterator<InetSocketAddress> addresses = List.<InetSocketAddress>of().iterator();

    private AsyncConnector(ConnInfo info, int preparedMax, int prepareThreshold, Consumer<PgSession> setup,
                           EventLoop loop) {
        this.info = info;
        this.preparedMax = preparedMax;
        this.prepareThreshold = prepareThreshold;
        this.setup = setup;
        this.loop = loop;
        this.tcp = TcpOptions.of(info);
        this.timeout = info.connectTimeout();
        this.endpoints = info.endpoints().iterator();
    }

    static CompletableFuture<AsyncSession> connect(ConnInfo info, int preparedMax, int prepareThreshold,
                                                  Consumer<PgSession> setup, EventLoop loop) {
        AsyncConnector c = new AsyncConnector(info, preparedMax, prepareThreshold, setup, loop);
        loop.execute(c::next);
        return c.result;
    }

    /** The next address, the next endpoint's addresses, or the end. Loop thread. */
    private void next() {
        if (addresses.hasNext()) {
            attempt(addresses.next());
        } else if (endpoints.hasNext()) {
            endpoint = endpoints.next();
            Endpoint ep = endpoint;
            if (ep.isUnixSocket()) {
                resolved(ep, null);
            } else {
                BlockingTasks.supply(() -> {
                    try {
                        return ConnectAttempts.resolve(ep);
                    } catch (UnknownHostException e) {
                        throw new CompletionException(e);
                    }
                }).whenComplete((list, e) -> loop.execute(() -> {
                    if (e != null) {
                        attempts.unresolved(ep, (UnknownHostException) e.getCause());
                        next();
                    } else {
                        resolved(ep, list);
                    }
                }));
            }
        } else {
            result.completeExceptionally(attempts.exhausted());
        }
    }

    private void resolved(Endpoint ep, List<InetSocketAddress> list) {
        try {
            addresses = list != null ? list.iterator() : ConnectAttempts.resolve(ep).iterator();
        } catch (UnknownHostException e) {
            attempts.unresolved(ep, e);
        }
        next();
    }

    private void attempt(InetSocketAddress address) {
        Endpoint ep = endpoint;
        PgSession session = new PgSession(ConnectAttempts.startupConfig(info, ep),
                new StatementCache(prepareThreshold, preparedMax));
        setup.accept(session);
        AsyncSession s = new AsyncSession(loop, session, ep, address, tcp);
        s.open(timeout).whenComplete((v, e) -> loop.execute(() -> {
            if (e == null) {
                result.complete(s);
            } else if (e instanceof IOException io) {
                attempts.unreachable(ep, address, io);
                next();
            } else if (e instanceof PgException pe && pe.diagnostic() == null) {
                attempts.failed(ep, address, pe);
                next();
            } else {
                // The server answered and refused us: other hosts are not tried (libpq's rule).
                result.completeExceptionally(e);
            }
        }));
    }
}
