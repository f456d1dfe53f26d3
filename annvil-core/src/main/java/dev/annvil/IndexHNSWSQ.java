package dev.annvil;

import dev.annvil.impl.CodesDistanceComputer;
import dev.annvil.impl.DistanceComputer;
import dev.annvil.impl.HNSW;
import dev.annvil.impl.ScalarQuantizer;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import java.util.Objects;

/**
 * {@link IndexHNSW} over scalar-quantized vectors: the storage is an {@link IndexScalarQuantizer}
 * (d bytes per vector for the 8-bit types) and the graph is built and searched with its distances
 * to the decoded vectors, as FAISS's IndexHNSWSQ. {@link #train} trains the quantizer (the types
 * that learn nothing, fp16 and the direct ones, start trained). Factory string {@code
 * "HNSW{M},SQ8"} (also SQ4, SQfp16 ...); FAISS file fourcc {@code IHNs}.
 *
 * <p>Distances are squared L2 (ascending) or inner products (descending) to the decoded vectors;
 * {@link #reconstruct} returns the decoded vector. Search semantics, deletion marks and padding:
 * as {@link IndexHNSW}.
 *
 * <p>Thread-safety: as {@link IndexHNSW}.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexHNSW.h">faiss IndexHNSWSQ</a>
 */
public class IndexHNSWSQ extends IndexHNSW {
    private final IndexScalarQuantizer sqStorage;

    /**
     * An empty index, untrained unless qtype needs no training.
     *
     * @param d vector dimension
     * @param qtype scalar quantizer type
     * @param M neighbors per node on levels above 0 (2M on level 0)
     * @param metric L2 or inner product
     * @throws IllegalArgumentException if d &lt; 1 or M &lt; 2
     */
    public IndexHNSWSQ(int d, QuantizerType qtype, int M, MetricType metric) {
        this(new IndexScalarQuantizer(d, qtype, Objects.requireNonNull(metric, "metric is null")), M);
    }

    /** An empty squared-L2 index; see {@link #IndexHNSWSQ(int, QuantizerType, int, MetricType)}. */
    public IndexHNSWSQ(int d, QuantizerType qtype, int M) {
        this(d, qtype, M, MetricType.L2);
    }

    /**
     * An index over a filled storage and the graph built on it (for readers of index files); M
     * is recovered from the graph as FAISS does.
     *
     * @throws IllegalArgumentException if the storage and graph hold different numbers of vectors
     */
    public IndexHNSWSQ(IndexScalarQuantizer storage, HNSW hnsw) {
        super(storage, hnsw, mOf(hnsw));
        this.sqStorage = storage;
    }

    private IndexHNSWSQ(IndexScalarQuantizer storage, int M) {
        super(storage, M);
        this.sqStorage = storage;
    }

    /** The storage's scalar quantizer. */
    public ScalarQuantizer sq() {
        return sqStorage.sq();
    }

    @Override
    protected DistanceComputer newDistanceComputer() {
        return new CodesDistanceComputer(sqStorage);
    }

    @Override
    protected long storageRamBytesUsed() {
        return sqStorage.ramBytesUsed();
    }
}
