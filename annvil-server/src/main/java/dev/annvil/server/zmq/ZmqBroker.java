package dev.annvil.server.zmq;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The ZeroMQ transport: a load-balancing broker (the ZeroMQ guide's "lbbroker" pattern).
 *
 * <p>A ROUTER frontend bound to {@code tcp://<address>:<port>} accepts libzmq/pyzmq REQ clients
 * (ZMTP 3, NULL security; faissx-protocol.md §3.1), or, given a CURVE secret key, only clients
 * that complete a CurveZMQ handshake with the matching public key (the traffic is then encrypted
 * and authenticated; plain clients get no reply). A broker thread hands each request to an
 * <em>idle</em> worker over an inproc ROUTER backend; each of N worker threads owns a REQ socket,
 * announces itself ready, and answers exactly one request at a time. Because requests go only to
 * idle workers, a slow request never delays others while a worker is free; when all are busy,
 * requests wait in the frontend queue. Every request gets exactly one reply from the handler.
 *
 * <p>Frames: a client request arrives as [identity, "", body]; the worker sees [identity, "", body],
 * treats the last frame as the body and the others as the envelope, and sends the envelope back in
 * front of the reply. Replies to clients that have gone are dropped by ZeroMQ.
 *
 * <p>Each socket is used only by the thread that owns it. {@link #close()} stops the threads
 * (within {@value #POLL_MS} ms), closes the sockets (linger 0) and terminates the context, which
 * releases the port.
 */
public final class ZmqBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZmqBroker.class);
    private static final int POLL_MS = 100;
    private static final byte[] READY = {1};
    private static final byte[] EMPTY = {};
    private static final String BACKEND = "inproc://annvil-workers";
    private static final long TERM_WAIT_MS = 2000;
    /** Inbound messages queued per client connection before ZeroMQ stops reading from it. */
    static final int RCV_HWM = 4;

    private final ZMQ.Context ctx;
    private final ZMQ.Socket frontend;
    private final ZMQ.Socket backend;
    private final int port;
    private final UnaryOperator<byte[]> handler;
    private final byte[] fallbackReply;
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean running = true;
    private boolean closed;

    private ZmqBroker(
            ZMQ.Context ctx,
            ZMQ.Socket frontend,
            ZMQ.Socket backend,
            String endpoint,
            UnaryOperator<byte[]> handler,
            byte[] fallbackReply) {
        this.ctx = ctx;
        this.port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        this.frontend = frontend;
        this.backend = backend;
        this.handler = handler;
        this.fallbackReply = fallbackReply;
    }

    /**
     * Binds and starts serving.
     *
     * @param address IPv4/IPv6 address or host name to bind
     * @param port TCP port, 0 for a free one
     * @param workers number of worker threads
     * @param maxMessageBytes frames larger than this make ZeroMQ drop the connection (memory guard;
     *     the handler rejects smaller oversized requests with a reply)
     * @param curveSecretKey the 32-byte CURVE secret key to act as a CURVE server with, or null for
     *     the NULL mechanism
     * @param handler request body -&gt; reply body; must not throw
     * @param fallbackReply sent if the handler throws anyway
     * @throws ZMQException if the address cannot be bound (e.g. EADDRINUSE)
     */
    public static ZmqBroker start(
            String address,
            int port,
            int workers,
            long maxMessageBytes,
            byte[] curveSecretKey,
            UnaryOperator<byte[]> handler,
            byte[] fallbackReply) {
        ZMQ.Context ctx = ZMQ.context(1);
        Thread.UncaughtExceptionHandler quiet = (t, e) -> LOG.debug("JeroMQ thread {}: {}", t.getName(), e.toString());
        ctx.setUncaughtExceptionHandler(quiet);
        ctx.setNotificationExceptionHandler(quiet);
        ZMQ.Socket frontend = ctx.socket(SocketType.ROUTER);
        ZMQ.Socket backend = ctx.socket(SocketType.ROUTER);
        try {
            boolean ipv6 = address.contains(":");
            frontend.setIPv6(ipv6);
            frontend.setLinger(0);
            frontend.setMaxMsgSize(maxMessageBytes);
            frontend.setSndHWM(1000);
            // A REQ client has one request in flight; a few queued messages per connection are
            // plenty, and a small queue bounds what one connection can make the server buffer.
            frontend.setRcvHWM(RCV_HWM);
            if (curveSecretKey != null) {
                frontend.setCurveServer(true);
                frontend.setCurveSecretKey(curveSecretKey);
            }
            String host = ipv6 ? "[" + address + "]" : address;
            if (!frontend.bind("tcp://" + host + ":" + (port == 0 ? "*" : Integer.toString(port)))) {
                throw new ZMQException("bind failed", frontend.errno());
            }
            String endpoint = frontend.getLastEndpoint();
            backend.setLinger(0);
            backend.bind(BACKEND);
            ZmqBroker broker = new ZmqBroker(ctx, frontend, backend, endpoint, handler, fallbackReply);
            broker.startThreads(workers);
            LOG.info("Listening on {} with {} workers", endpoint, workers);
            return broker;
        } catch (RuntimeException e) {
            frontend.close();
            backend.close();
            ctx.term();
            throw e;
        }
    }

    /** The TCP port actually bound. */
    public int port() {
        return port;
    }

    private void startThreads(int workers) {
        Thread broker = new Thread(this::brokerLoop, "annvil-zmq-broker");
        threads.add(broker);
        for (int i = 0; i < workers; i++) {
            threads.add(new Thread(this::workerLoop, "annvil-worker-" + i));
        }
        for (Thread t : threads) {
            t.setDaemon(true);
            t.start();
        }
    }

    private void brokerLoop() {
        ZMQ.Poller both = ctx.poller(2);
        ZMQ.Poller backendOnly = ctx.poller(1);
        try {
            both.register(backend, ZMQ.Poller.POLLIN);
            both.register(frontend, ZMQ.Poller.POLLIN);
            backendOnly.register(backend, ZMQ.Poller.POLLIN);
            ArrayDeque<byte[]> idle = new ArrayDeque<>();
            while (running) {
                // Drain without waiting before every poll: a socket's readiness signal is
                // edge-triggered, so messages already queued must not depend on a new signal.
                List<byte[]> frames;
                while ((frames = receiveAll(backend, ZMQ.DONTWAIT)) != null) {
                    idle.add(frames.get(0));
                    if (frames.size() > 3) { // [worker, "", envelope..., reply] -> [envelope..., reply]
                        sendAll(frontend, frames.subList(2, frames.size()), null);
                    }
                }
                while (!idle.isEmpty() && (frames = receiveAll(frontend, ZMQ.DONTWAIT)) != null) {
                    if (frames.size() >= 2) {
                        sendAll(backend, frames, idle.poll());
                    }
                }
                // wait for the next event; the frontend only matters while a worker is idle
                if ((idle.isEmpty() ? backendOnly : both).poll(POLL_MS) < 0) {
                    break;
                }
            }
        } catch (ZMQException e) {
            if (running) {
                LOG.error("ZeroMQ broker stopped unexpectedly", e);
            }
        } finally {
            both.close();
            backendOnly.close();
            frontend.close();
            backend.close();
        }
    }

    private void workerLoop() {
        ZMQ.Socket socket = ctx.socket(SocketType.REQ);
        try {
            socket.setLinger(0);
            socket.setReceiveTimeOut(POLL_MS);
            socket.setSendTimeOut(POLL_MS); // a blocked send must not outlive close()
            socket.connect(BACKEND);
            while (running && !socket.send(READY)) {
                // the broker is not reachable yet, or is shutting down: retry until stopped
            }
            while (running) {
                byte[] first = socket.recv(0);
                if (first == null) {
                    continue; // timeout: check running
                }
                List<byte[]> frames = new ArrayList<>(3);
                frames.add(first);
                while (socket.hasReceiveMore()) {
                    frames.add(socket.recv(0));
                }
                byte[] reply;
                try {
                    reply = handler.apply(frames.getLast());
                } catch (Throwable t) {
                    LOG.error("Request handler failed", t);
                    reply = fallbackReply;
                }
                frames.set(frames.size() - 1, reply);
                while (running && !sendAll(socket, frames, null)) {
                    // retry until the broker takes the reply or the server stops
                }
            }
        } catch (ZMQException e) {
            if (running) {
                LOG.error("ZeroMQ worker stopped unexpectedly", e);
            }
        } finally {
            socket.close();
        }
    }

    /** All frames of the next message, or null if none is waiting (with DONTWAIT). */
    private static List<byte[]> receiveAll(ZMQ.Socket socket, int flags) {
        byte[] first = socket.recv(flags);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(5);
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    /**
     * Sends [prefix, "", frames...] (or just frames when prefix is null) as one message. Returns
     * false if the first frame could not be sent (send timeout); once it is sent, the rest follows.
     */
    private static boolean sendAll(ZMQ.Socket socket, List<byte[]> frames, byte[] prefix) {
        if (prefix != null) {
            if (!socket.send(prefix, ZMQ.SNDMORE)) {
                return false;
            }
            socket.send(EMPTY, ZMQ.SNDMORE);
        } else if (!socket.send(frames.get(0), frames.size() > 1 ? ZMQ.SNDMORE : 0)) {
            return false;
        }
        for (int i = prefix == null ? 1 : 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
        return true;
    }

    /**
     * Terminates the context, waiting at most {@value #TERM_WAIT_MS} ms: JeroMQ 0.6 can lose a
     * termination acknowledgement in a race between its I/O and reaper threads (a
     * ClosedChannelException on the I/O thread), which would block {@code term()} forever. The
     * listening channel is closed before that point, so the port is free either way.
     */
    private void terminateContext() {
        Thread term = new Thread(ctx::term, "annvil-zmq-term");
        term.setDaemon(true);
        term.start();
        try {
            term.join(TERM_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (term.isAlive()) {
            LOG.warn("ZeroMQ context of port {} did not terminate within {} ms; abandoning it", port, TERM_WAIT_MS);
        }
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Stops the threads, closes the sockets and releases the port. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        terminateContext();
        terminated.countDown();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Stopped listening on port {}", port);
    }
}
