package dev.annvil.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.annvil.server.AnnvilServer;
import dev.annvil.server.ServerConfig;
import dev.annvil.simd.VectorUtil;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code annvil serve}: starts the FAISSx-protocol server and runs until interrupted. Flags follow
 * the FAISSx server's ({@code --port}, {@code --bind-address}, {@code --data-dir},
 * {@code --log-level}); the environment variables FAISSX_PORT, FAISSX_BIND_ADDRESS,
 * FAISSX_DATA_DIR and FAISSX_LOG_LEVEL fill in flags that are absent.
 */
@Command(
        name = "serve",
        aliases = {"run"},
        mixinStandardHelpOptions = true,
        description = "Run the vector server (FAISSx protocol over ZeroMQ).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "TCP port (default: $FAISSX_PORT or 45678).")
    Integer port;

    @Option(
            names = "--bind-address",
            description = "Address to bind (default: $FAISSX_BIND_ADDRESS or 127.0.0.1; 0.0.0.0 exposes the server).")
    String bindAddress;

    @Option(names = "--data-dir", description = "Where indexes are kept (default: $FAISSX_DATA_DIR or ./data).")
    String dataDir;

    @Option(names = "--in-memory", description = "Keep nothing on disk (ignores --data-dir).")
    boolean inMemory;

    @Option(
            names = "--max-request-bytes",
            description = "Largest request accepted, in bytes (default: ${DEFAULT-VALUE}).",
            defaultValue = "104857600")
    long maxRequestBytes;

    @Option(names = "--worker-threads", description = "Requests handled at once (default: max(4, 2 x cores)).")
    Integer workerThreads;

    @Option(names = "--log-level", description = "DEBUG, INFO, WARNING, ERROR (default: $FAISSX_LOG_LEVEL or INFO).")
    String logLevel;

    @Override
    public Integer call() throws Exception {
        setLogLevel(firstNonNull(logLevel, System.getenv("FAISSX_LOG_LEVEL"), "INFO"));
        ServerConfig defaults = ServerConfig.defaults();
        int effectivePort = port != null ? port : envInt("FAISSX_PORT", defaults.port());
        String address = firstNonNull(bindAddress, System.getenv("FAISSX_BIND_ADDRESS"), defaults.bindAddress());
        String dir = firstNonNull(dataDir, System.getenv("FAISSX_DATA_DIR"), null);
        Path data = inMemory ? null : dir == null ? defaults.dataDir() : Path.of(dir);
        ServerConfig config = new ServerConfig(
                address,
                effectivePort,
                data,
                maxRequestBytes,
                workerThreads != null ? workerThreads : defaults.workerThreads());
        org.slf4j.Logger log = LoggerFactory.getLogger(ServeCommand.class);
        log.info(
                "Annvil {} on Java {}, distance kernels: {}",
                AnnvilCommand.version(),
                Runtime.version(),
                VectorUtil.support().name());
        try (AnnvilServer server = AnnvilServer.start(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "annvil-shutdown"));
            System.out.printf(
                    "Annvil is serving the FAISSx protocol on tcp://%s:%d (data: %s). Ctrl-C stops it.%n",
                    address, server.port(), data == null ? "in memory" : data.toAbsolutePath());
            System.out.flush();
            server.awaitTermination();
        }
        return 0;
    }

    private static String firstNonNull(String a, String b, String c) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        if (b != null && !b.isBlank()) {
            return b;
        }
        return c;
    }

    private static int envInt(String name, int fallback) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + v + " is not a port number");
        }
    }

    private static void setLogLevel(String name) {
        Level level = switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARNING", "WARN" -> Level.WARN;
            case "ERROR", "CRITICAL" -> Level.ERROR;
            default ->
                throw new IllegalArgumentException(
                        "--log-level=" + name + " is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL");
        };
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);
    }
}
