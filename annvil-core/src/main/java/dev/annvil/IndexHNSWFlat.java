package dev.annvil;

import dev.annvil.impl.DistanceComputer;
import dev.annvil.impl.FlatDistanceComputer;
import dev.annvil.impl.HNSW;

/**
 * {@link IndexHNSW} over uncompressed vectors ({@link IndexFlatL2} or {@link IndexFlatIP}): 4 * d
 * bytes per vector plus the graph (about 4 * 2M * 1.03 bytes per vector). Needs no training.
 * Factory string {@code "HNSW{M}"} (e.g. {@code "HNSW32"}); FAISS file fourcc {@code IHNf}.
 *
 * <p>Distances are squared L2 (ascending) or inner products (descending); for inner product the
 * graph is built on the negated inner product, as FAISS does.
 *
 * <p>Thread-safety: as {@link IndexHNSW}.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexHNSW.h">faiss IndexHNSWFlat</a>
 */
public class IndexHNSWFlat extends IndexHNSW {
    private final IndexFlat flat;

    /**
     * An empty squared-L2 index.
     *
     * @param d vector dimension
     * @param M neighbors per node on levels above 0 (2M on level 0); FAISS's default is 32
     * @throws IllegalArgumentException if d &lt; 1 or M &lt; 2
     */
    public IndexHNSWFlat(int d, int M) {
        this(d, M, MetricType.L2);
    }

    /**
     * An empty index for a metric.
     *
     * @param d vector dimension
     * @param M neighbors per node on levels above 0 (2M on level 0); FAISS's default is 32
     * @param metric L2 (storage {@link IndexFlatL2}) or inner product (storage {@link IndexFlatIP})
     * @throws IllegalArgumentException if d &lt; 1 or M &lt; 2
     */
    public IndexHNSWFlat(int d, int M, MetricType metric) {
        this(
                java.util.Objects.requireNonNull(metric, "metric is null") == MetricType.L2
                        ? new IndexFlatL2(d)
                        : new IndexFlatIP(d),
                M);
    }

    /**
     * An index over a filled storage and the graph built on it (for readers of index files); M
     * is recovered from the graph as FAISS does.
     *
     * @throws IllegalArgumentException if the storage and graph hold different numbers of vectors
     */
    public IndexHNSWFlat(IndexFlat storage, HNSW hnsw) {
        super(storage, hnsw, mOf(hnsw));
        this.flat = storage;
    }

    private IndexHNSWFlat(IndexFlat storage, int M) {
        super(storage, M);
        this.flat = storage;
    }

    @Override
    protected DistanceComputer newDistanceComputer() {
        return FlatDistanceComputer.of(flat);
    }

    @Override
    protected long storageRamBytesUsed() {
        return flat.ramBytesUsed();
    }
}
