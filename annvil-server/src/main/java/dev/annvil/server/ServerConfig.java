package dev.annvil.server;

import dev.annvil.server.auth.AuthConfig;
import dev.annvil.server.auth.CurveKeyPair;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of an {@link AnnvilServer}.
 *
 * <p>{@link #toString()} shows neither API keys nor the CURVE secret key.
 *
 * @param bindAddress address to listen on ("127.0.0.1", "0.0.0.0", "::1"); not blank
 * @param port TCP port, 1..65535, or 0 to pick a free port (see {@link AnnvilServer#port()})
 * @param dataDir directory of the index snapshots (created if missing; a leading {@code ~} is the
 *     user's home directory), or null to keep everything in memory
 * @param maxRequestBytes largest request body in bytes (1 .. 2^31-1); larger requests get "Request
 *     too large" (faissx-protocol.md §3.6)
 * @param workerThreads requests served at the same time (1 .. 1024)
 * @param auth API keys and whether they are enforced (faissx-protocol.md §5); never null
 * @param limits per-request and per-tenant maxima; never null
 * @param curve the CurveZMQ key pair encrypting the transport, or null for plain ZMTP (NULL
 *     mechanism, what the FAISSx client speaks)
 * @param insecure allow listening on a non-loopback address without authentication
 * @param requestTimeoutMs deadline of one request in milliseconds (&gt;= 1): searches stop being
 *     waited for and adds/trainings are cancelled after it, answered with {@code error_code:
 *     "TIMEOUT"} (faissx-protocol.md §3.6; the reference's bound is 30 s)
 * @param trainTimeoutMs time limit of a background training ({@code train_index} with {@code
 *     "background": true}) in milliseconds (&gt;= 1)
 */
public record ServerConfig(
        String bindAddress,
        int port,
        Path dataDir,
        long maxRequestBytes,
        int workerThreads,
        AuthConfig auth,
        Limits limits,
        CurveKeyPair curve,
        boolean insecure,
        long requestTimeoutMs,
        long trainTimeoutMs) {
    /** FAISSx's default port. */
    public static final int DEFAULT_PORT = 45678;
    /** FAISSx's request limit: 100 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 104_857_600L;
    /** The reference's bound of search and add: 30 s. */
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 30_000L;
    /** Time limit of a background training: 30 minutes. */
    public static final long DEFAULT_TRAIN_TIMEOUT_MS = 30L * 60 * 1000;

    /**
     * Validates and normalises ({@code ~} expansion) the settings.
     *
     * @throws IllegalArgumentException naming the field and the value when a setting is invalid
     */
    public ServerConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress=" + quote(bindAddress) + " must not be blank");
        }
        bindAddress = bindAddress.strip();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port=" + port + " must be in 1..65535 (or 0 to pick a free port)");
        }
        if (maxRequestBytes < 1 || maxRequestBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "maxRequestBytes=" + maxRequestBytes + " must be in 1.." + Integer.MAX_VALUE);
        }
        if (workerThreads < 1 || workerThreads > 1024) {
            throw new IllegalArgumentException("workerThreads=" + workerThreads + " must be in 1..1024");
        }
        Objects.requireNonNull(auth, "auth is null (use AuthConfig.disabled())");
        Objects.requireNonNull(limits, "limits is null (use Limits.defaults())");
        if (requestTimeoutMs < 1) {
            throw new IllegalArgumentException("requestTimeoutMs=" + requestTimeoutMs + " must be at least 1");
        }
        if (trainTimeoutMs < 1) {
            throw new IllegalArgumentException("trainTimeoutMs=" + trainTimeoutMs + " must be at least 1");
        }
        dataDir = expandHome(dataDir);
    }

    /** Settings with the default request and training deadlines. */
    public ServerConfig(
            String bindAddress,
            int port,
            Path dataDir,
            long maxRequestBytes,
            int workerThreads,
            AuthConfig auth,
            Limits limits,
            CurveKeyPair curve,
            boolean insecure) {
        this(
                bindAddress,
                port,
                dataDir,
                maxRequestBytes,
                workerThreads,
                auth,
                limits,
                curve,
                insecure,
                DEFAULT_REQUEST_TIMEOUT_MS,
                DEFAULT_TRAIN_TIMEOUT_MS);
    }

    /** Settings without authentication, CURVE or insecure binding, with the default limits. */
    public ServerConfig(String bindAddress, int port, Path dataDir, long maxRequestBytes, int workerThreads) {
        this(
                bindAddress,
                port,
                dataDir,
                maxRequestBytes,
                workerThreads,
                AuthConfig.disabled(),
                Limits.defaults(),
                null,
                false);
    }

    /**
     * The defaults: bind 127.0.0.1, port 45678, data directory {@code data}, 100 MiB requests,
     * max(4, 2 * cores) workers, no authentication, default limits, no CURVE.
     */
    public static ServerConfig defaults() {
        return new ServerConfig(
                "127.0.0.1",
                DEFAULT_PORT,
                Path.of("data"),
                DEFAULT_MAX_REQUEST_BYTES,
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    /** A copy with another bind address. */
    public ServerConfig withBindAddress(String bindAddress) {
        return new ServerConfig(
                bindAddress,
                port,
                dataDir,
                maxRequestBytes,
                workerThreads,
                auth,
                limits,
                curve,
                insecure,
                requestTimeoutMs,
                trainTimeoutMs);
    }

    /** A copy with another port (0 picks a free one). */
    public ServerConfig withPort(int port) {
        return new ServerConfig(
                bindAddress,
                port,
                dataDir,
                maxRequestBytes,
                workerThreads,
                auth,
                limits,
                curve,
                insecure,
                requestTimeoutMs,
                trainTimeoutMs);
    }

    /** A copy with another data directory (null: in memory only). */
    public ServerConfig withDataDir(Path dataDir) {
        return new ServerConfig(
                bindAddress,
                port,
                dataDir,
                maxRequestBytes,
                workerThreads,
                auth,
                limits,
                curve,
                insecure,
                requestTimeoutMs,
                trainTimeoutMs);
    }

    /** A copy with another request size limit. */
    public ServerConfig withMaxRequestBytes(long maxRequestBytes) {
        return new ServerConfig(
                bindAddress,
                port,
                dataDir,
                maxRequestBytes,
                workerThreads,
                auth,
                limits,
                curve,
                insecure,
                requestTimeoutMs,
                trainTimeoutMs);
    }

    /** A copy with another number of worker threads. */
    public ServerConfig withWorkerThreads(int workerThreads) {
        return new ServerConfig(
                bindAddress,
                port,
                dataDir,
                maxRequestBytes,
                workerThreads,
                auth,
                limits,
                curve,
                insecure,
                requestTimeoutMs,
                trainTimeoutMs);
    }

    /** A copy with other authentication settings. */
    public ServerConfig withAuth(AuthConfig auth) {
        return new ServerConfig(
                bindAddress,
                port,
                dataDir,
                maxRequestBytes,
                workerThreads,
                auth,
                limits,
                curve,
                insecure,
                requestTimeoutMs,
                trainTimeoutMs);
    }

    /** A copy with other limits. */
    public ServerConfig withLimits(Limits limits) {
        return new ServerConfig(
                bindAddress,
                port,
                dataDir,
                maxRequestBytes,
                workerThreads,
                auth,
                limits,
                curve,
                insecure,
                requestTimeoutMs,
                trainTimeoutMs);
    }

    /** A copy with CURVE encryption (null: plain). */
    public ServerConfig withCurve(CurveKeyPair curve) {
        return new ServerConfig(
                bindAddress,
                port,
                dataDir,
                maxRequestBytes,
                workerThreads,
                auth,
                limits,
                curve,
                insecure,
                requestTimeoutMs,
                trainTimeoutMs);
    }

    /** A copy that may (or may not) listen on a non-loopback address without authentication. */
    public ServerConfig withInsecure(boolean insecure) {
        return new ServerConfig(
                bindAddress,
                port,
                dataDir,
                maxRequestBytes,
                workerThreads,
                auth,
                limits,
                curve,
                insecure,
                requestTimeoutMs,
                trainTimeoutMs);
    }

    /** A copy with another request deadline in milliseconds. */
    public ServerConfig withRequestTimeoutMs(long requestTimeoutMs) {
        return new ServerConfig(
                bindAddress,
                port,
                dataDir,
                maxRequestBytes,
                workerThreads,
                auth,
                limits,
                curve,
                insecure,
                requestTimeoutMs,
                trainTimeoutMs);
    }

    /** A copy with another background training time limit in milliseconds. */
    public ServerConfig withTrainTimeoutMs(long trainTimeoutMs) {
        return new ServerConfig(
                bindAddress,
                port,
                dataDir,
                maxRequestBytes,
                workerThreads,
                auth,
                limits,
                curve,
                insecure,
                requestTimeoutMs,
                trainTimeoutMs);
    }

    /**
     * Why these settings must not be served, or null if they may: listening on an address other than
     * loopback while authentication is not {@linkplain AuthConfig#active() active} exposes every
     * index to anyone who can reach the address, so it needs {@code insecure}.
     */
    public String insecureBindProblem() {
        if (auth.active() || insecure || isLoopback(bindAddress)) {
            return null;
        }
        String why =
                auth.enabled() ? "authentication is enabled but no API keys are configured" : "authentication is off";
        return "Refusing to listen on " + bindAddress + ": " + why + ", so anyone who can reach that address"
                + " could read, change and delete every index. Configure API keys (--enable-auth with"
                + " --auth-keys or --auth-file), listen on a loopback address (--bind-address 127.0.0.1),"
                + " or pass --insecure to accept the risk.";
    }

    /**
     * Whether an address is loopback only: a literal loopback address (127.0.0.0/8, ::1) or a host
     * name all of whose addresses are loopback. Wildcards ("0.0.0.0", "::", "*"), interface names
     * and names that do not resolve count as not loopback.
     */
    public static boolean isLoopback(String address) {
        String a = address.strip();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.isEmpty() || a.equals("*")) {
            return false;
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(a);
            for (InetAddress x : all) {
                if (!x.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    /** {@code ~} or {@code ~/x} become the user's home directory (and x under it). */
    static Path expandHome(Path dir) {
        if (dir == null) {
            return null;
        }
        String s = dir.toString();
        if (s.equals("~") || s.startsWith("~/") || s.startsWith("~" + java.io.File.separator)) {
            Path home = Path.of(System.getProperty("user.home"));
            return s.length() == 1 ? home : home.resolve(s.substring(2));
        }
        return dir;
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
