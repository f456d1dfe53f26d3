package dev.annvil.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.annvil.server.AnnvilServer;
import dev.annvil.server.Limits;
import dev.annvil.server.ServerConfig;
import dev.annvil.server.auth.AuthConfig;
import dev.annvil.server.auth.CurveKeyPair;
import dev.annvil.simd.VectorUtil;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code annvil serve}: starts the FAISSx-protocol server and runs until interrupted. Flags follow
 * the FAISSx server's ({@code --port}, {@code --bind-address}, {@code --data-dir}, {@code
 * --log-level}, {@code --enable-auth}, {@code --auth-keys}, {@code --auth-file}); the environment
 * variables FAISSX_PORT, FAISSX_BIND_ADDRESS, FAISSX_DATA_DIR, FAISSX_LOG_LEVEL,
 * FAISSX_ENABLE_AUTH ("1" or "true"), FAISSX_AUTH_KEYS and FAISSX_AUTH_FILE fill in flags that are
 * absent (faissx-protocol.md §12.4).
 *
 * <p>Security flags (docs/security.md): {@code --insecure} allows a non-loopback address without
 * authentication, {@code --curve-secret-key-file} turns on CurveZMQ encryption, and the {@code
 * --max-*} flags set the request limits. A bad setting (an auth pair without ':', an unreadable key
 * file, a refused address) ends the command with status 1 and a one-line message.
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

    @Option(
            names = "--enable-auth",
            description = "Require an API key on every request but ping; each key's tenant gets its own index"
                    + " namespace. Needs --auth-keys or --auth-file (default: $FAISSX_ENABLE_AUTH = 1/true).")
    boolean enableAuth;

    @Option(
            names = "--auth-keys",
            paramLabel = "KEY:TENANT,...",
            description = "API keys and their tenants, e.g. \"k1:tenant-1,k2:tenant-2\" (default: $FAISSX_AUTH_KEYS)."
                    + " Visible to other local users in the process list: prefer --auth-file.")
    String authKeys;

    @Option(
            names = "--auth-file",
            paramLabel = "FILE",
            description = "JSON object {\"<key>\": \"<tenant>\", ...} (default: $FAISSX_AUTH_FILE).")
    Path authFile;

    @Option(names = "--insecure", description = "Allow listening on a non-loopback address without authentication.")
    boolean insecure;

    @Option(
            names = "--curve-secret-key-file",
            paramLabel = "FILE",
            description = "Encrypt the transport with CurveZMQ using this secret key (from annvil keygen);"
                    + " clients need the matching public key. Plain FAISSx clients cannot connect then.")
    Path curveSecretKeyFile;

    @Option(
            names = "--max-vectors-per-request",
            description = "Most vectors (rows, ids, num_vectors) in one request (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + Limits.DEFAULT_MAX_VECTORS_PER_REQUEST)
    int maxVectorsPerRequest;

    @Option(
            names = "--max-dimension",
            description = "Largest dimension; FAISSx caps it at 10000 anyway (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + Limits.DEFAULT_MAX_DIMENSION)
    int maxDimension;

    @Option(
            names = "--max-k",
            description = "Largest k of a search; FAISSx caps it at 10000 anyway (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + Limits.DEFAULT_MAX_K)
    int maxK;

    @Option(
            names = "--max-indexes-per-tenant",
            description = "Most indexes per tenant (without auth: on the server) (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + Limits.DEFAULT_MAX_INDEXES_PER_TENANT)
    int maxIndexesPerTenant;

    @Option(
            names = "--max-search-results",
            description = "Most results (queries x k) of one search (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + Limits.DEFAULT_MAX_SEARCH_RESULTS)
    long maxSearchResults;

    @Option(
            names = "--request-timeout-ms",
            description = "Deadline of one request: searches, adds and synchronous trainings that take longer are"
                    + " answered with error_code TIMEOUT (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + ServerConfig.DEFAULT_REQUEST_TIMEOUT_MS)
    long requestTimeoutMs;

    @Option(
            names = "--train-timeout-ms",
            description = "Time limit of a background training (train_index with background=true)"
                    + " (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + ServerConfig.DEFAULT_TRAIN_TIMEOUT_MS)
    long trainTimeoutMs;

    /** The environment the fall-backs are read from (replaced in tests). */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() throws Exception {
        setLogLevel(firstNonNull(logLevel, env.get("FAISSX_LOG_LEVEL"), "INFO"));
        ServerConfig config = config();
        org.slf4j.Logger log = LoggerFactory.getLogger(ServeCommand.class);
        log.info(
                "Annvil {} on Java {}, distance kernels: {}",
                AnnvilCommand.version(),
                Runtime.version(),
                VectorUtil.support().name());
        try (AnnvilServer server = AnnvilServer.start(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "annvil-shutdown"));
            System.out.printf(
                    "Annvil is serving the FAISSx protocol on tcp://%s:%d (data: %s%s%s). Ctrl-C stops it.%n",
                    config.bindAddress(),
                    server.port(),
                    config.dataDir() == null ? "in memory" : config.dataDir().toAbsolutePath(),
                    config.auth().active() ? ", API keys required" : "",
                    config.curve() != null
                            ? ", CurveZMQ public key " + config.curve().publicKey()
                            : "");
            System.out.flush();
            server.awaitTermination();
        }
        return 0;
    }

    /**
     * The server settings from the flags, with environment fall-backs.
     *
     * @throws IllegalArgumentException with a one-line message for an invalid setting
     */
    ServerConfig config() {
        ServerConfig defaults = ServerConfig.defaults();
        int effectivePort = port != null ? port : envInt("FAISSX_PORT", defaults.port());
        String address = firstNonNull(bindAddress, env.get("FAISSX_BIND_ADDRESS"), defaults.bindAddress());
        String dir = firstNonNull(dataDir, env.get("FAISSX_DATA_DIR"), null);
        Path data = inMemory ? null : dir == null ? defaults.dataDir() : Path.of(dir);
        Limits limits = new Limits(maxVectorsPerRequest, maxDimension, maxK, maxIndexesPerTenant, maxSearchResults);
        CurveKeyPair curve = curveSecretKeyFile == null ? null : CurveKeyPair.readFile(curveSecretKeyFile);
        return new ServerConfig(
                address,
                effectivePort,
                data,
                maxRequestBytes,
                workerThreads != null ? workerThreads : defaults.workerThreads(),
                auth(),
                limits,
                curve,
                insecure,
                requestTimeoutMs,
                trainTimeoutMs);
    }

    /** --enable-auth, --auth-keys, --auth-file, else FAISSX_ENABLE_AUTH, FAISSX_AUTH_KEYS, FAISSX_AUTH_FILE. */
    private AuthConfig auth() {
        boolean enabled = enableAuth || isTrue(env.get("FAISSX_ENABLE_AUTH"));
        String keys = authKeys;
        Path file = authFile;
        String keysFrom = "--auth-keys";
        String fileFrom = "--auth-file";
        if (keys == null && file == null) { // flags win over the environment
            keys = blankToNull(env.get("FAISSX_AUTH_KEYS"));
            String f = blankToNull(env.get("FAISSX_AUTH_FILE"));
            file = f == null ? null : Path.of(f);
            keysFrom = "FAISSX_AUTH_KEYS";
            fileFrom = "FAISSX_AUTH_FILE";
        }
        if (keys != null && file != null) {
            throw new IllegalArgumentException(keysFrom + " and " + fileFrom + " cannot be used together; give one");
        }
        Map<String, String> table = Map.of();
        try {
            if (keys != null) {
                table = AuthConfig.parseKeyList(keys);
            } else if (file != null) {
                table = AuthConfig.readKeyFile(file);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("--auth-keys", keysFrom), e);
        }
        return new AuthConfig(enabled, table);
    }

    private static boolean isTrue(String v) {
        return v != null && (v.strip().equals("1") || v.strip().equalsIgnoreCase("true"));
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
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

    private int envInt(String name, int fallback) {
        String v = env.get(name);
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
