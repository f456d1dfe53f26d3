package dev.annvil.bench.engine;

import dev.annvil.bench.data.Dataset;
import dev.annvil.bench.harness.BenchData;
import dev.annvil.bench.harness.CurvePoint;
import dev.annvil.bench.harness.InProcessTimer;
import dev.annvil.bench.harness.IndexRun;
import dev.annvil.bench.harness.IndexSpec;
import dev.annvil.bench.harness.ProcessMemory;
import dev.annvil.bench.harness.RunConfig;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * JVector 4.0.2 in-process, HNSW family only: an in-memory hierarchical graph ({@link
 * GraphIndexBuilder} with addHierarchy, max degree 2 * M so layer 0 matches FAISS's HNSW{M}, beam
 * width = efConstruction, neighbour overflow 1.2, alpha 1.2), searched with exact Euclidean scores
 * by a {@link GraphSearcher} per thread; the swept efSearch is JVector's rerankK (the result list
 * size the search keeps). Build uses JVector's own parallelism (all cores).
 */
public final class JVectorEngine implements Engine {
    @Override
    public String name() {
        return "JVector";
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public boolean supports(IndexSpec.Family family) {
        return family == IndexSpec.Family.HNSW;
    }

    @Override
    public IndexRun run(IndexSpec spec, BenchData data, RunConfig cfg, PrintStream log) throws Exception {
        Dataset ds = data.dataset();
        int d = ds.d();
        VectorTypeSupport vts = VectorizationProvider.getInstance().getVectorTypeSupport();
        ProcessMemory.resetPeakRss();
        long t0 = System.nanoTime();
        List<VectorFloat<?>> vectors = new ArrayList<>(ds.nb());
        for (int i = 0; i < ds.nb(); i++) {
            vectors.add(vts.createFloatVector(Arrays.copyOfRange(ds.base(), i * d, (i + 1) * d)));
        }
        RandomAccessVectorValues ravv = new ListRandomAccessVectorValues(vectors, d);
        ImmutableGraphIndex graph;
        try (GraphIndexBuilder builder = new GraphIndexBuilder(
                ravv, VectorSimilarityFunction.EUCLIDEAN, 2 * spec.m(), spec.efConstruction(), 1.2f, 1.2f, true)) {
            graph = builder.build(ravv);
        }
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long bytes = graph.ramBytesUsed() + 4L * ds.base().length;
        log.printf(Locale.ROOT, "# JVector %s: build %.3f s, %d bytes%n", spec.factory(), buildSeconds, bytes);
        List<CurvePoint> points = new ArrayList<>();
        for (int threads : cfg.threads()) {
            for (int ef : spec.sweep()) {
                List<ParallelBatch.QuerySearcher> workers = new ArrayList<>();
                for (int w = 0; w < threads; w++) {
                    workers.add(worker(graph, ravv, vts, d, ef));
                }
                try (ParallelBatch batch = new ParallelBatch(workers)) {
                    points.add(InProcessTimer.measure(
                            "JVector " + spec.factory(), ef, threads, timer(batch), ds, cfg, log));
                }
            }
        }
        return new IndexRun(
                name(),
                "JVector " + version() + " ("
                        + VectorizationProvider.getInstance().getClass().getSimpleName() + ")",
                spec,
                buildSeconds,
                bytes,
                "ramBytesUsed + vectors",
                ProcessMemory.peakRssBytes(),
                points,
                List.of());
    }

    private static ParallelBatch.QuerySearcher worker(
            ImmutableGraphIndex graph, RandomAccessVectorValues ravv, VectorTypeSupport vts, int d, int ef) {
        GraphSearcher searcher = new GraphSearcher(graph);
        return (x, q, k, labels) -> {
            VectorFloat<?> qv = vts.createFloatVector(Arrays.copyOfRange(x, q * d, (q + 1) * d));
            SearchResult r = searcher.search(
                    DefaultSearchScoreProvider.exact(qv, VectorSimilarityFunction.EUCLIDEAN, ravv),
                    k,
                    Math.max(k, ef),
                    0f,
                    0f,
                    Bits.ALL);
            SearchResult.NodeScore[] nodes = r.getNodes();
            for (int i = 0; i < k; i++) {
                labels[q * k + i] = i < nodes.length ? nodes[i].node : -1;
            }
        };
    }

    static InProcessTimer.Searcher timer(ParallelBatch batch) {
        return new InProcessTimer.Searcher() {
            @Override
            public void batch(int n, float[] x, int k, long[] labels) throws Exception {
                batch.search(n, x, k, labels);
            }

            @Override
            public void single(float[] x, int k, long[] labels) throws Exception {
                batch.first().search(x, 0, k, labels);
            }
        };
    }

    private static String version() {
        String v = GraphIndexBuilder.class.getPackage().getImplementationVersion();
        return v != null ? v : "4.0.2";
    }
}
