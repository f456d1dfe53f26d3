package dev.annvil.bench;

import dev.annvil.IndexFlatL2;
import dev.annvil.Parallelism;
import dev.annvil.simd.VectorUtil;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Annvil's exact-search benchmark: an {@link IndexFlatL2} over the database, timed at each thread
 * count of a {@link BenchConfig}.
 *
 * <p>Per thread count: batch search of the first {@code queries} test vectors in one search call
 * (one untimed warm-up, then {@code repetitions} timed calls, QPS = queries / seconds), then the
 * first {@code singleQueries} test vectors one search call each (one untimed warm-up pass, then
 * {@code repetitions} timed passes; QPS = singleQueries / seconds of the pass, and every call's
 * latency in ms). {@code faiss_flat_bench.py} measures FAISS exactly the same way.
 */
public final class FlatBenchmark {
    private FlatBenchmark() {}

    /**
     * Annvil's results.
     *
     * @param runs one entry per thread count, in the configured order
     * @param batchLabels labels of the first thread count's last batch repetition, queries * k, row-major
     * @param kernels {@code VectorUtil.support().name()}: which distance kernels were used
     */
    public record Result(List<EngineRun> runs, long[] batchLabels, String kernels) {}

    /**
     * Runs the benchmark; progress lines go to log.
     *
     * @param train database vectors, row-major n * d
     * @param test query vectors, row-major, at least max(queries, singleQueries) of them
     */
    public static Result run(float[] train, float[] test, int d, BenchConfig cfg, PrintStream log) {
        int nb = train.length / d;
        int nq = cfg.queries();
        int ns = cfg.singleQueries();
        if (test.length / d < Math.max(nq, ns)) {
            throw new IllegalArgumentException("only " + test.length / d + " test vectors, need " + Math.max(nq, ns));
        }
        String kernels = VectorUtil.support().name();
        log.printf(Locale.ROOT, "# Annvil: %s kernels; IndexFlatL2 over %d x %d%n", kernels, nb, d);
        float[] queries = Arrays.copyOf(test, nq * d);
        float[][] singles = new float[ns][];
        for (int i = 0; i < ns; i++) {
            singles[i] = Arrays.copyOfRange(test, i * d, (i + 1) * d);
        }

        long t0 = System.nanoTime();
        IndexFlatL2 index = new IndexFlatL2(d);
        index.add(nb, train);
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        log.printf(Locale.ROOT, "# Annvil: build %.3f s%n", buildSeconds);

        int k = cfg.k();
        float[] distances = new float[nq * k];
        long[] labels = new long[nq * k];
        long[] firstLabels = null;
        List<EngineRun> runs = new ArrayList<>();
        int before = Parallelism.numThreads();
        try {
            for (int threads : cfg.threads()) {
                Parallelism.setNumThreads(threads);
                index.search(nq, queries, k, distances, labels); // warm-up
                double[] batchQps = new double[cfg.repetitions()];
                for (int r = 0; r < batchQps.length; r++) {
                    long s = System.nanoTime();
                    index.search(nq, queries, k, distances, labels);
                    batchQps[r] = nq / ((System.nanoTime() - s) / 1e9);
                    log.printf(Locale.ROOT, "# Annvil t=%d batch rep %d: %.1f QPS%n", threads, r + 1, batchQps[r]);
                }
                if (firstLabels == null) {
                    firstLabels = labels.clone();
                }
                float[] d1 = new float[k];
                long[] l1 = new long[k];
                for (float[] q : singles) { // warm-up
                    index.search(1, q, k, d1, l1);
                }
                double[] singleQps = new double[cfg.repetitions()];
                double[] latencies = new double[cfg.repetitions() * ns];
                for (int r = 0; r < singleQps.length; r++) {
                    long total = 0;
                    for (int i = 0; i < ns; i++) {
                        long s = System.nanoTime();
                        index.search(1, singles[i], k, d1, l1);
                        long e = System.nanoTime() - s;
                        total += e;
                        latencies[r * ns + i] = e / 1e6;
                    }
                    singleQps[r] = ns / (total / 1e9);
                    log.printf(Locale.ROOT, "# Annvil t=%d single rep %d: %.1f QPS%n", threads, r + 1, singleQps[r]);
                }
                runs.add(new EngineRun("Annvil", threads, buildSeconds, batchQps, singleQps, latencies));
            }
        } finally {
            Parallelism.setNumThreads(before);
        }
        return new Result(runs, firstLabels, kernels);
    }

    /** The JVM: vendor, version and VM name, e.g. "Eclipse Adoptium 25+36-LTS (OpenJDK 64-Bit Server VM)". */
    public static String jvmDescription() {
        return System.getProperty("java.vendor", "?") + " " + System.getProperty("java.runtime.version", "?") + " ("
                + System.getProperty("java.vm.name", "?") + ")";
    }

    /** The CPU model from /proc/cpuinfo (else os.arch) and the number of available processors. */
    public static String cpuDescription() {
        String model = System.getProperty("os.arch", "?");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: keep os.arch
        }
        return model + ", " + Runtime.getRuntime().availableProcessors() + " available processors";
    }
}
