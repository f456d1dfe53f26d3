package dev.annvil;

import dev.annvil.impl.CodesDistanceComputer;
import dev.annvil.impl.DistanceComputer;
import dev.annvil.impl.HNSW;
import dev.annvil.impl.ProductQuantizer;
import java.util.Objects;

/**
 * {@link IndexHNSW} over product-quantized vectors: the storage is an {@link IndexPQ} (M bytes per
 * vector with 8-bit sub-codes) and the graph is built and searched with its table-based
 * (asymmetric) distances to the decoded vectors, as FAISS's IndexHNSWPQ. {@link #train} trains the
 * product quantizer. Factory string {@code "HNSW{M},PQ{pqM}"}; FAISS file fourcc {@code IHNp}.
 *
 * <p>Distances are squared L2 (ascending) or inner products (descending) to the decoded vectors;
 * {@link #reconstruct} returns the decoded vector. Between two stored vectors (graph building) the
 * distance is that of their decoded vectors, which for L2 equals FAISS's SDC table lookups.
 * Search semantics, deletion marks and padding: as {@link IndexHNSW}.
 *
 * <p>Thread-safety: as {@link IndexHNSW}.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexHNSW.h">faiss IndexHNSWPQ</a>
 */
public class IndexHNSWPQ extends IndexHNSW {
    private final IndexPQ pqStorage;

    /**
     * An empty, untrained index (FAISS 1.7.3's constructor: 8-bit sub-codes, squared L2).
     *
     * @param d vector dimension; a multiple of pqM
     * @param pqM number of PQ sub-quantizers
     * @param M neighbors per node on levels above 0 (2M on level 0)
     * @throws IllegalArgumentException if d % pqM != 0, d &lt; 1 or M &lt; 2
     */
    public IndexHNSWPQ(int d, int pqM, int M) {
        this(d, pqM, M, 8, MetricType.L2);
    }

    /**
     * An empty, untrained index (newer FAISS's constructor).
     *
     * @param pqNbits bits per sub-code, 1 .. 16
     * @param metric L2 or inner product
     * @throws IllegalArgumentException if d % pqM != 0, or a size is out of range
     */
    public IndexHNSWPQ(int d, int pqM, int M, int pqNbits, MetricType metric) {
        this(new IndexPQ(d, pqM, pqNbits, Objects.requireNonNull(metric, "metric is null")), M);
    }

    /**
     * An index over a filled storage and the graph built on it (for readers of index files); M
     * is recovered from the graph as FAISS does.
     *
     * @throws IllegalArgumentException if the storage and graph hold different numbers of vectors
     */
    public IndexHNSWPQ(IndexPQ storage, HNSW hnsw) {
        super(storage, hnsw, mOf(hnsw));
        this.pqStorage = storage;
    }

    private IndexHNSWPQ(IndexPQ storage, int M) {
        super(storage, M);
        this.pqStorage = storage;
    }

    /** The storage's product quantizer. */
    public ProductQuantizer pq() {
        return pqStorage.pq();
    }

    @Override
    protected DistanceComputer newDistanceComputer() {
        return new CodesDistanceComputer(pqStorage);
    }

    @Override
    protected long storageRamBytesUsed() {
        return pqStorage.ramBytesUsed();
    }
}
