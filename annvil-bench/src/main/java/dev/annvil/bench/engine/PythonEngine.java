package dev.annvil.bench.engine;

import dev.annvil.bench.MiniJson;
import dev.annvil.bench.data.DataCache;
import dev.annvil.bench.data.Dataset;
import dev.annvil.bench.harness.BenchData;
import dev.annvil.bench.harness.CurvePoint;
import dev.annvil.bench.harness.InProcessTimer;
import dev.annvil.bench.harness.IndexRun;
import dev.annvil.bench.harness.IndexSpec;
import dev.annvil.bench.harness.RunConfig;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * FAISS (Debian's python3-faiss) or hnswlib (python3-hnswlib), driven as a subprocess: {@code
 * ann_bench.py} (from annvil-bench/src/main/python, shipped in the jar) runs under {@code
 * /usr/bin/python3} (system property {@link #PYTHON_PROPERTY}) on the raw files of the data set,
 * builds one index, times the curve, and prints JSON; the harness waits for it, so it never runs at
 * the same time as another engine. Before any number is used, the data the script read is compared
 * with the JVM's ({@link DataCheck}); a mismatch fails the run.
 */
public final class PythonEngine implements Engine {
    /** System property naming the Python interpreter (default {@code /usr/bin/python3}). */
    public static final String PYTHON_PROPERTY = "annvil.bench.python";

    private static final String SCRIPT_RESOURCE = "/dev/annvil/bench/python/ann_bench.py";

    private final String name;
    private final String module;
    private final String installHint;
    private String unavailable;
    private boolean probed;

    private PythonEngine(String name, String module, String installHint) {
        this.name = name;
        this.module = module;
        this.installHint = installHint;
    }

    /** FAISS through python3-faiss. */
    public static PythonEngine faiss() {
        return new PythonEngine("FAISS", "faiss", "sudo apt-get install python3-faiss libopenblas0-openmp");
    }

    /** hnswlib through python3-hnswlib. */
    public static PythonEngine hnswlib() {
        return new PythonEngine("hnswlib", "hnswlib", "sudo apt-get install python3-hnswlib");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized String unavailableReason() {
        if (!probed) {
            probed = true;
            try {
                Process p = new ProcessBuilder(python(), "-c", "import numpy, " + module)
                        .redirectErrorStream(true)
                        .start();
                p.getOutputStream().close();
                p.getInputStream().readAllBytes();
                if (p.waitFor() != 0) {
                    unavailable = name + " not run: python module '" + module + "' is missing for " + python()
                            + "; install it with: " + installHint;
                }
            } catch (IOException e) {
                unavailable = name + " not run: cannot start " + python() + " (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable = name + " not run: interrupted";
            }
        }
        return unavailable;
    }

    @Override
    public boolean supports(IndexSpec.Family family) {
        return module.equals("faiss") || family == IndexSpec.Family.HNSW;
    }

    @Override
    public IndexRun run(IndexSpec spec, BenchData data, RunConfig cfg, PrintStream log) throws Exception {
        Dataset ds = data.dataset();
        DataCache.RawFiles raw = data.rawFiles();
        Path tmp = Files.createTempDirectory("annvil-" + module + "-bench");
        Path script = tmp.resolve("ann_bench.py");
        Path labelsFile = tmp.resolve("labels.i64");
        try {
            try (InputStream in = PythonEngine.class.getResourceAsStream(SCRIPT_RESOURCE)) {
                if (in == null) {
                    throw new IOException(SCRIPT_RESOURCE + " is not on the class path");
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> cmd = new ArrayList<>(List.of(python(), script.toString(), "--engine", module));
            add(cmd, "--base", raw.base(), "--query", raw.query(), "--gt", raw.groundTruth());
            add(cmd, "--d", ds.d(), "--nb", ds.nb(), "--nq", ds.nq(), "--gt-k", ds.gtK());
            add(cmd, "--factory", spec.factory(), "--family", spec.family(), "--m", spec.m());
            add(cmd, "--ef-construction", spec.efConstruction(), "--sweep", csv(spec.sweep()), "--k", cfg.k());
            add(cmd, "--threads", cfg.threadsCsv(), "--repetitions", cfg.repetitions());
            add(cmd, "--single-queries", cfg.singleQueries(), "--labels-out", labelsFile);
            Process p = new ProcessBuilder(cmd).start();
            p.getOutputStream().close();
            Thread relay = Thread.ofPlatform().daemon().start(() -> relay(p.getErrorStream(), log));
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            relay.join(5_000);
            String json = lastJsonLine(stdout);
            if (status == 3) {
                throw new SkippedException(name + " not run: " + installHint);
            }
            if (status != 0 || json == null) {
                throw new IOException("ann_bench.py --engine " + module + " failed (exit status " + status + ")"
                        + (stdout.isBlank() ? "" : "; stdout: " + stdout.strip()));
            }
            return parse(json, labelsFile, spec, ds, cfg);
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(labelsFile);
            Files.deleteIfExists(tmp);
        }
    }

    /** Builds the run from the script's JSON and labels; fails if the script saw other data. */
    IndexRun parse(String json, Path labelsFile, IndexSpec spec, Dataset ds, RunConfig cfg) throws IOException {
        Map<?, ?> root = (Map<?, ?>) MiniJson.parse(json);
        String bad = DataCheck.of(ds).mismatch(DataCheck.fromJson((Map<?, ?>) root.get("check")));
        if (bad != null) {
            throw new IOException(name + " read other data than the JVM engines: " + bad);
        }
        List<?> sweep = (List<?>) root.get("sweep");
        int k = cfg.k();
        long[] all = readLabels(labelsFile, (long) sweep.size() * ds.nq() * k);
        List<double[]> recalls = new ArrayList<>();
        for (int i = 0; i < sweep.size(); i++) {
            long[] labels = Arrays.copyOfRange(all, i * ds.nq() * k, (i + 1) * ds.nq() * k);
            recalls.add(InProcessTimer.recalls(labels, k, ds));
        }
        List<CurvePoint> points = new ArrayList<>();
        for (Object o : (List<?>) root.get("points")) {
            Map<?, ?> m = (Map<?, ?>) o;
            int value = (int) num(m.get("value"));
            double[] r = recalls.get(indexOf(sweep, value));
            points.add(new CurvePoint(
                    value,
                    (int) num(m.get("threads")),
                    r[0],
                    r[1],
                    r[2],
                    nums(m.get("batch_qps")),
                    nums(m.get("single_qps")),
                    nums(m.get("latencies_ms"))));
        }
        return new IndexRun(
                name,
                String.valueOf(root.get("version")),
                spec,
                num(root.get("build_s")),
                (long) num(root.get("index_bytes")),
                module.equals("faiss") ? "serialized size" : "saved file size",
                (long) num(root.get("peak_rss_bytes")),
                points,
                List.of());
    }

    private static int indexOf(List<?> sweep, int value) {
        for (int i = 0; i < sweep.size(); i++) {
            if ((int) num(sweep.get(i)) == value) {
                return i;
            }
        }
        throw new IllegalArgumentException("point value " + value + " is not in the sweep " + sweep);
    }

    private static String python() {
        return System.getProperty(PYTHON_PROPERTY, "/usr/bin/python3");
    }

    private static void add(List<String> cmd, Object... kv) {
        for (Object o : kv) {
            cmd.add(String.valueOf(o));
        }
    }

    private static String csv(int[] v) {
        return String.join(",", Arrays.stream(v).mapToObj(String::valueOf).toList());
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

    private static long[] readLabels(Path file, long n) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != n * 8L) {
            throw new IOException("labels file has " + bytes.length + " bytes, expected " + n * 8L);
        }
        long[] labels = new long[(int) n];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(labels);
        return labels;
    }

    private void relay(InputStream err, PrintStream log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                log.println(line.startsWith("#") ? line : "# " + module + ": " + line);
            }
        } catch (IOException e) {
            log.println("# " + module + ": stderr lost: " + e.getMessage());
        }
    }
}
