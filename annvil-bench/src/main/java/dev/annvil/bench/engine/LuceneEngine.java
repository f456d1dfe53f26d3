package dev.annvil.bench.engine;

import dev.annvil.bench.data.Dataset;
import dev.annvil.bench.harness.BenchData;
import dev.annvil.bench.harness.CurvePoint;
import dev.annvil.bench.harness.InProcessTimer;
import dev.annvil.bench.harness.IndexRun;
import dev.annvil.bench.harness.IndexSpec;
import dev.annvil.bench.harness.ProcessMemory;
import dev.annvil.bench.harness.RunConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.Version;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Lucene 10.6 in-process, HNSW family only, at the graph level (no IndexWriter, no codec, no
 * segments): {@link HnswGraphBuilder} over {@code FloatVectorValues.fromFloats} with maxConn = M
 * (2 * M on layer 0, as FAISS), beamWidth = efConstruction, a fixed seed, Euclidean similarity; search
 * is {@link HnswGraphSearcher} with a {@link TopKnnCollector} of size efSearch, of which the best k
 * are kept (one {@link LuceneGraphView} per thread). This is the algorithm Lucene99HnswVectorsFormat runs per segment, without the index
 * layer's overhead. Build is single-threaded (Lucene's concurrent merge builder is not used).
 */
public final class LuceneEngine implements Engine {
    private static final long SEED = 42;

    @Override
    public String name() {
        return "Lucene";
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
        ProcessMemory.resetPeakRss();
        long t0 = System.nanoTime();
        List<float[]> vectors = new ArrayList<>(ds.nb());
        for (int i = 0; i < ds.nb(); i++) {
            vectors.add(Arrays.copyOfRange(ds.base(), i * d, (i + 1) * d));
        }
        FloatVectorValues values = FloatVectorValues.fromFloats(vectors, d);
        RandomVectorScorerSupplier scorers = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
                VectorSimilarityFunction.EUCLIDEAN, values);
        OnHeapHnswGraph graph = HnswGraphBuilder.create(scorers, spec.m(), spec.efConstruction(), SEED)
                .build(values.size());
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        long bytes = graph.ramBytesUsed() + 4L * ds.base().length;
        log.printf(Locale.ROOT, "# Lucene %s: build %.3f s, %d bytes%n", spec.factory(), buildSeconds, bytes);
        List<CurvePoint> points = new ArrayList<>();
        for (int threads : cfg.threads()) {
            for (int ef : spec.sweep()) {
                List<ParallelBatch.QuerySearcher> workers = new ArrayList<>();
                for (int w = 0; w < threads; w++) {
                    workers.add(worker(graph, values, d, ef));
                }
                try (ParallelBatch batch = new ParallelBatch(workers)) {
                    points.add(InProcessTimer.measure(
                            "Lucene " + spec.factory(), ef, threads, JVectorEngine.timer(batch), ds, cfg, log));
                }
            }
        }
        return new IndexRun(
                name(),
                "Lucene " + Version.LATEST
                        + (panama() ? " (Panama vectorization)" : " (scalar: jar not multi-release)"),
                spec,
                buildSeconds,
                bytes,
                "ramBytesUsed + vectors",
                ProcessMemory.peakRssBytes(),
                points,
                List.of());
    }

    /**
     * Whether Lucene's Panama vector code is reachable: it lives in META-INF/versions/22 of
     * lucene-core, which a class loader only sees when the jar on the class path is multi-release
     * (true for Maven's class path; a shaded jar needs "Multi-Release: true" in its manifest).
     */
    static boolean panama() {
        return LuceneEngine.class
                        .getClassLoader()
                        .getResource("org/apache/lucene/internal/vectorization/PanamaVectorizationProvider.class")
                != null;
    }

    private static ParallelBatch.QuerySearcher worker(OnHeapHnswGraph graph, FloatVectorValues values, int d, int ef)
            throws java.io.IOException {
        FloatVectorValues mine = values.copy();
        LuceneGraphView view = new LuceneGraphView(graph);
        return (x, q, k, labels) -> {
            float[] target = Arrays.copyOfRange(x, q * d, (q + 1) * d);
            TopKnnCollector collector = new TopKnnCollector(Math.max(k, ef), Integer.MAX_VALUE);
            HnswGraphSearcher.search(
                    DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(
                            VectorSimilarityFunction.EUCLIDEAN, mine, target),
                    collector,
                    view,
                    null);
            ScoreDoc[] docs = collector.topDocs().scoreDocs;
            for (int i = 0; i < k; i++) {
                labels[q * k + i] = i < docs.length ? docs[i].doc : -1;
            }
        };
    }
}
