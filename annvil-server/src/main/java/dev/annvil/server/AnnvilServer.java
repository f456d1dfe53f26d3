package dev.annvil.server;

import dev.annvil.server.auth.AuthConfig;
import dev.annvil.server.service.IndexService;
import dev.annvil.server.zmq.FaissxRequestAdapter;
import dev.annvil.server.zmq.ZmqBroker;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQException;

/**
 * The Annvil vector server: speaks the FAISSx protocol (ZeroMQ REQ/REP, one msgpack map per
 * message; faissx-protocol.md) so the unchanged FAISSx Python client works against it.
 *
 * <p>{@link #start} loads the data directory, binds {@code tcp://<bindAddress>:<port>} and serves
 * requests on {@link ServerConfig#workerThreads()} threads until {@link #close()}.
 *
 * <p>Security (docs/security.md): API keys with one index namespace per tenant ({@link
 * ServerConfig#auth()}), per-request limits ({@link ServerConfig#limits()}), optional CurveZMQ
 * encryption ({@link ServerConfig#curve()}); it refuses to listen on a non-loopback address without
 * authentication unless {@link ServerConfig#insecure()} is set.
 *
 * <p>Thread-safety: all methods may be called from any thread; {@link #close()} is idempotent.
 */
public final class AnnvilServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnnvilServer.class);
    /** Sent as {@code version} in replies: the jar's Implementation-Version, else "dev". */
    public static final String VERSION =
            Objects.requireNonNullElse(AnnvilServer.class.getPackage().getImplementationVersion(), "dev");
    /** Frames this much larger than the request limit make ZeroMQ drop the connection (memory guard). */
    private static final long FRAME_SLACK_BYTES = 16L << 20;

    private final ServerConfig config;
    private final IndexService service;
    private final ZmqBroker broker;

    private AnnvilServer(ServerConfig config, IndexService service, ZmqBroker broker) {
        this.config = config;
        this.service = service;
        this.broker = broker;
    }

    /**
     * Loads the data directory (if any), binds and starts serving; returns once requests are
     * accepted.
     *
     * @throws ServerStartException if the data directory cannot be opened, or the address cannot be
     *     bound (e.g. the port is in use); the message names the directory or address
     */
    public static AnnvilServer start(ServerConfig config) {
        Objects.requireNonNull(config, "config is null");
        String exposure = config.insecureBindProblem();
        if (exposure != null) {
            throw new ServerStartException(exposure, null);
        }
        logSecurity(config);
        IndexService service;
        try {
            service = config.dataDir() == null ? IndexService.inMemory() : IndexService.open(config.dataDir());
        } catch (IOException | RuntimeException e) {
            throw new ServerStartException("Cannot open data directory " + config.dataDir() + ": " + e, e);
        }
        service.setTimeouts(config.requestTimeoutMs(), config.trainTimeoutMs());
        FaissxRequestAdapter adapter = new FaissxRequestAdapter(
                service, config.maxRequestBytes(), VERSION, config.auth(), config.limits(), config.requestTimeoutMs());
        String address = "tcp://" + config.bindAddress() + ":" + config.port();
        try {
            ZmqBroker broker = ZmqBroker.start(
                    config.bindAddress(),
                    config.port(),
                    config.workerThreads(),
                    config.maxRequestBytes() + FRAME_SLACK_BYTES,
                    config.curve() == null ? null : config.curve().secretKeyBytes(),
                    adapter::handle,
                    adapter.fallbackReply());
            LOG.info(
                    "Annvil server {} listening on tcp://{}:{}, data dir {}",
                    VERSION,
                    config.bindAddress(),
                    broker.port(),
                    config.dataDir());
            return new AnnvilServer(config, service, broker);
        } catch (ZMQException e) {
            service.close();
            String why = e.getErrorCode() == zmq.ZError.EADDRINUSE ? "address already in use" : e.getMessage();
            throw new ServerStartException("Cannot listen on " + address + ": " + why, e);
        } catch (RuntimeException e) {
            service.close();
            throw new ServerStartException("Cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    private static void logSecurity(ServerConfig config) {
        AuthConfig auth = config.auth();
        if (auth.active()) {
            LOG.info(
                    "Authentication on: {} API keys, {} tenants, each with its own index namespace",
                    auth.keys().size(),
                    auth.keys().values().stream().distinct().count());
        } else if (auth.enabled()) {
            LOG.warn("Authentication was enabled but no API keys are configured: every request is let through"
                    + " (give keys with --auth-keys or --auth-file)");
        } else if (!auth.keys().isEmpty()) {
            LOG.warn(
                    "{} API keys are configured but authentication is not enabled (--enable-auth): they are"
                            + " ignored and every request is let through",
                    auth.keys().size());
        }
        if (config.insecure() && !auth.active() && !ServerConfig.isLoopback(config.bindAddress())) {
            LOG.warn(
                    "Listening on {} without authentication (--insecure): anyone who can reach it can read,"
                            + " change and delete every index",
                    config.bindAddress());
        }
        if (config.curve() != null) {
            LOG.info(
                    "CurveZMQ encryption on; server public key {}",
                    config.curve().publicKey());
        }
    }

    /** The TCP port the server listens on (the chosen one when the config said 0). */
    public int port() {
        return broker.port();
    }

    /** The configuration it was started with. */
    public ServerConfig config() {
        return config;
    }

    /** Blocks until the server has been closed. */
    public void awaitTermination() throws InterruptedException {
        broker.awaitTermination();
    }

    /** Stops serving, waits for in-flight requests, and releases the port. Idempotent. */
    @Override
    public void close() {
        broker.close();
        service.close();
    }
}
