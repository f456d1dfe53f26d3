package dev.annvil.server;

import java.nio.file.Path;

/**
 * Settings of an {@link AnnvilServer}.
 *
 * @param bindAddress address to listen on ("127.0.0.1", "0.0.0.0", "::1"); not blank
 * @param port TCP port, 1..65535, or 0 to pick a free port (see {@link AnnvilServer#port()})
 * @param dataDir directory of the index snapshots (created if missing; a leading {@code ~} is the
 *     user's home directory), or null to keep everything in memory
 * @param maxRequestBytes largest request body in bytes (1 .. 2^31-1); larger requests get "Request
 *     too large" (faissx-protocol.md §3.6)
 * @param workerThreads requests served at the same time (1 .. 1024)
 */
public record ServerConfig(String bindAddress, int port, Path dataDir, long maxRequestBytes, int workerThreads) {
    /** FAISSx's default port. */
    public static final int DEFAULT_PORT = 45678;
    /** FAISSx's request limit: 100 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 104_857_600L;

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
        dataDir = expandHome(dataDir);
    }

    /**
     * The defaults: bind 127.0.0.1, port 45678, data directory {@code data}, 100 MiB requests,
     * max(4, 2 * cores) workers.
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
        return new ServerConfig(bindAddress, port, dataDir, maxRequestBytes, workerThreads);
    }

    /** A copy with another port (0 picks a free one). */
    public ServerConfig withPort(int port) {
        return new ServerConfig(bindAddress, port, dataDir, maxRequestBytes, workerThreads);
    }

    /** A copy with another data directory (null: in memory only). */
    public ServerConfig withDataDir(Path dataDir) {
        return new ServerConfig(bindAddress, port, dataDir, maxRequestBytes, workerThreads);
    }

    /** A copy with another request size limit. */
    public ServerConfig withMaxRequestBytes(long maxRequestBytes) {
        return new ServerConfig(bindAddress, port, dataDir, maxRequestBytes, workerThreads);
    }

    /** A copy with another number of worker threads. */
    public ServerConfig withWorkerThreads(int workerThreads) {
        return new ServerConfig(bindAddress, port, dataDir, maxRequestBytes, workerThreads);
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
