package dev.annvil.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs FAISS's side of the benchmark: {@code faiss_flat_bench.py} (shipped in this jar, from
 * annvil-bench/src/main/python) under Debian's {@code /usr/bin/python3} as a subprocess, waits for
 * it (so it never runs at the same time as Annvil's timing), and parses the JSON it prints.
 *
 * <p>The interpreter can be changed with the system property {@link #PYTHON_PROPERTY}.
 */
public final class FaissRunner {
    /** System property naming the Python interpreter (default {@code /usr/bin/python3}). */
    public static final String PYTHON_PROPERTY = "annvil.bench.python";
    /** The Debian command that installs what the script needs. */
    public static final String INSTALL_COMMAND = "sudo apt-get install python3-faiss libopenblas0-openmp";

    private static final String SCRIPT_RESOURCE = "/dev/annvil/bench/python/faiss_flat_bench.py";

    private FaissRunner() {}

    /**
     * FAISS's results.
     *
     * @param runs one entry per thread count, in the configured order
     * @param batchLabels labels of the first thread count's last batch repetition, queries * k, row-major
     * @param description FAISS version, compile options and numpy version
     */
    public record Result(List<EngineRun> runs, long[] batchLabels, String description) {}

    /** FAISS cannot be run here; the message says why and how to install it. */
    public static final class FaissUnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        /** @param message why, with {@link #INSTALL_COMMAND} */
        public FaissUnavailableException(String message) {
            super(message);
        }
    }

    /**
     * Runs the script with the same parameters and data directory as Annvil's run; its progress
     * (stderr) is copied to log.
     *
     * @throws FaissUnavailableException if python3 or faiss is missing
     * @throws IOException if the script fails or prints no valid result
     */
    public static Result run(Path dataDir, BenchConfig cfg, PrintStream log)
            throws FaissUnavailableException, IOException, InterruptedException {
        String python = System.getProperty(PYTHON_PROPERTY, "/usr/bin/python3");
        Path tmp = Files.createTempDirectory("annvil-faiss-bench");
        Path script = tmp.resolve("faiss_flat_bench.py");
        Path labelsFile = tmp.resolve("labels.i64");
        try {
            try (InputStream in = FaissRunner.class.getResourceAsStream(SCRIPT_RESOURCE)) {
                if (in == null) {
                    throw new IOException(SCRIPT_RESOURCE + " is not on the class path");
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> cmd = List.of(
                    python,
                    script.toString(),
                    "--data-dir",
                    dataDir.toString(),
                    "--k",
                    String.valueOf(cfg.k()),
                    "--threads",
                    cfg.threadsCsv(),
                    "--queries",
                    String.valueOf(cfg.queries()),
                    "--single-queries",
                    String.valueOf(cfg.singleQueries()),
                    "--repetitions",
                    String.valueOf(cfg.repetitions()),
                    "--labels-out",
                    labelsFile.toString());
            Process p;
            try {
                p = new ProcessBuilder(cmd).start();
            } catch (IOException e) {
                throw new FaissUnavailableException("cannot start " + python + " (" + e.getMessage()
                        + "): install it with: sudo apt-get install python3 python3-faiss libopenblas0-openmp");
            }
            p.getOutputStream().close();
            Thread relay = Thread.ofPlatform().daemon().start(() -> relay(p.getErrorStream(), log));
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            relay.join(5_000);
            String json = lastJsonLine(stdout);
            if (status == 3 || (json != null && json.contains("\"faiss-missing\""))) {
                throw new FaissUnavailableException(
                        "python3-faiss is not installed for " + python + ": install it with: " + INSTALL_COMMAND);
            }
            if (status != 0 || json == null) {
                throw new IOException("faiss_flat_bench.py failed (exit status " + status + ")"
                        + (stdout.isBlank() ? "" : "; stdout: " + stdout.strip()));
            }
            int n = cfg.queries() * cfg.k();
            return parse(json, readLabels(labelsFile, n));
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(labelsFile);
            Files.deleteIfExists(tmp);
        }
    }

    /** Builds the result from the script's JSON object and the labels it wrote. */
    static Result parse(String json, long[] labels) throws IOException {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) MiniJson.parse(json);
            double build = num(root.get("build_s"));
            List<EngineRun> runs = new ArrayList<>();
            for (Object o : (List<?>) root.get("runs")) {
                Map<?, ?> r = (Map<?, ?>) o;
                runs.add(new EngineRun(
                        "FAISS",
                        (int) num(r.get("threads")),
                        build,
                        nums(r.get("batch_qps")),
                        nums(r.get("single_qps")),
                        nums(r.get("latencies_ms"))));
            }
            String description = "FAISS " + root.get("faiss_version") + " (" + root.get("compile_options") + "), numpy "
                    + root.get("numpy_version") + ", Python " + root.get("python");
            return new Result(runs, labels, description);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IOException("unexpected output of faiss_flat_bench.py: " + e.getMessage(), e);
        }
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    private static double[] nums(Object o) {
        List<?> list = (List<?>) o;
        double[] a = new double[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = num(list.get(i));
        }
        return a;
    }

    private static String lastJsonLine(String stdout) {
        String[] lines = stdout.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].strip().startsWith("{")) {
                return lines[i].strip();
            }
        }
        return null;
    }

    private static long[] readLabels(Path file, int n) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != n * 8L) {
            throw new IOException("FAISS labels file has " + bytes.length + " bytes, expected " + n * 8L);
        }
        long[] labels = new long[n];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(labels);
        return labels;
    }

    private static void relay(InputStream err, PrintStream log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                log.println(line.startsWith("#") ? line : "# faiss: " + line);
            }
        } catch (IOException e) {
            log.println("# faiss: stderr lost: " + e.getMessage());
        }
    }
}
