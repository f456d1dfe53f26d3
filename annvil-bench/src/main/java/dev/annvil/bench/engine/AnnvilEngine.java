package dev.annvil.bench.engine;

import dev.annvil.Index;
import dev.annvil.IndexFactory;
import dev.annvil.IndexFlat;
import dev.annvil.MetricType;
import dev.annvil.Parallelism;
import dev.annvil.SearchParameters;
import dev.annvil.bench.ProgressBar;
import dev.annvil.bench.data.Dataset;
import dev.annvil.bench.harness.BenchData;
import dev.annvil.bench.harness.CurvePoint;
import dev.annvil.bench.harness.InProcessTimer;
import dev.annvil.bench.harness.IndexRun;
import dev.annvil.bench.harness.IndexSpec;
import dev.annvil.bench.harness.ProcessMemory;
import dev.annvil.bench.harness.RunConfig;
import dev.annvil.simd.VectorUtil;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Annvil in-process: the index comes from {@link IndexFactory#create} with the spec's factory
 * string (so IVF/PQ/SQ/HNSW appear here as they land in annvil-core), is trained on the whole base
 * set when it needs training, and is searched with per-call parameters from a {@link SearchKnob}.
 * Threads: {@link Parallelism#setNumThreads}, for batch and single-query search alike.
 */
public final class AnnvilEngine implements Engine {
    private final SearchKnob knob;

    /** @param knob how to turn "nprobe"/"efSearch" values into search parameters */
    public AnnvilEngine(SearchKnob knob) {
        this.knob = knob;
    }

    @Override
    public String name() {
        return "Annvil";
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public boolean supports(IndexSpec.Family family) {
        return true;
    }

    @Override
    public IndexRun run(IndexSpec spec, BenchData data, RunConfig cfg, PrintStream log) throws Exception {
        Dataset ds = data.dataset();
        ProcessMemory.resetPeakRss();
        long heapBefore = ProcessMemory.usedHeapAfterGc();
        long t0 = System.nanoTime();
        Index index;
        try {
            index = IndexFactory.create(ds.d(), spec.factory(), MetricType.L2);
        } catch (IllegalArgumentException e) {
            if (String.valueOf(e.getMessage()).contains("not supported yet")) {
                throw new SkippedException("Annvil: " + spec.factory() + " skipped: " + e.getMessage());
            }
            throw e;
        }
        ProgressBar bar = ProgressBar.onStderr("# Annvil " + spec.factory());
        if (!index.isTrained()) {
            index.train(ds.nb(), ds.base(), bar);
        }
        index.add(ds.nb(), ds.base(), bar);
        bar.done();
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long heapAfter = ProcessMemory.usedHeapAfterGc();
        long bytes = index instanceof IndexFlat f ? f.ramBytesUsed() : Math.max(0, heapAfter - heapBefore);
        String bytesMethod = index instanceof IndexFlat ? "ramBytesUsed" : "heap delta";
        log.printf(
                Locale.ROOT,
                "# Annvil %s: build %.3f s, %d bytes (%s)%n",
                spec.factory(),
                buildSeconds,
                bytes,
                bytesMethod);

        List<String> notes = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        List<SearchParameters> params = new ArrayList<>();
        if (spec.param() == null) {
            values.add(-1);
            params.add(null);
        } else {
            for (int v : spec.sweep()) {
                Optional<SearchParameters> p = knob.parameters(index, spec.param(), v);
                if (p.isEmpty()) {
                    values.clear();
                    params.clear();
                    break;
                }
                values.add(v);
                params.add(p.get());
            }
            if (values.isEmpty()) {
                String note = "Annvil " + spec.factory() + ": the SearchKnob does not support " + spec.param() + " on "
                        + index.getClass().getSimpleName() + " yet; measured at the index's defaults only";
                log.println("# " + note);
                notes.add(note);
                values.add(-1);
                params.add(null);
            }
        }
        List<CurvePoint> points = new ArrayList<>();
        int before = Parallelism.numThreads();
        try {
            for (int threads : cfg.threads()) {
                Parallelism.setNumThreads(threads);
                for (int i = 0; i < values.size(); i++) {
                    SearchParameters p = params.get(i);
                    points.add(InProcessTimer.measure(
                            "Annvil " + spec.factory(), values.get(i), threads, searcher(index, p), ds, cfg, log));
                }
            }
        } finally {
            Parallelism.setNumThreads(before);
        }
        return new IndexRun(
                name(),
                "Annvil " + version() + ", " + VectorUtil.support().name() + " kernels",
                spec,
                buildSeconds,
                bytes,
                bytesMethod,
                ProcessMemory.peakRssBytes(),
                points,
                notes);
    }

    private static InProcessTimer.Searcher searcher(Index index, SearchParameters p) {
        return new InProcessTimer.Searcher() {
            private float[] distances = new float[0];
            private final float[] one = new float[64];

            @Override
            public void batch(int n, float[] x, int k, long[] labels) {
                if (distances.length < n * k) {
                    distances = new float[n * k];
                }
                index.search(n, x, k, distances, labels, p);
            }

            @Override
            public void single(float[] x, int k, long[] labels) {
                index.search(1, x, k, k <= one.length ? one : new float[k], labels, p);
            }
        };
    }

    private static String version() {
        String v = Index.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
