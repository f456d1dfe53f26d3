package dev.annvil;

import dev.annvil.impl.PQDistanceComputer;
import dev.annvil.impl.ProductQuantizer;
import java.util.Objects;

/**
 * Product-quantization index: every vector is stored as a {@link ProductQuantizer} code of
 * ceil(M * nbits / 8) bytes and searched exhaustively by asymmetric distance computation (ADC):
 * per query one table of M * 2^nbits distances to the sub-quantizer centroids, then M table
 * lookups per stored code.
 *
 * <p>Shapes and units: vectors are d floats (d a multiple of M); distances are squared L2 to the
 * decoded (reconstructed) vectors, or inner products with them, so they approximate the true
 * distances. Labels are positions 0 .. ntotal-1; rows with fewer than k results are padded with
 * label -1 and +/-Float.MAX_VALUE. {@link #reconstruct} returns the decoded vector.
 *
 * <p>Search runs one query per task on {@link Parallelism}, each computing its table once; with
 * nbits = 8 the code scan sums four codes at a time ({@link ProductQuantizer#distancesFromTable}).
 * Only FAISS's default search type, ST_PQ (ADC), is implemented; the other search-type fields
 * are kept for the file format.
 *
 * <p>Thread-safety: searches, range searches and reconstructions may run concurrently;
 * train/add/removeIds/reset need exclusive access.
 *
 * <p>Factory string: {@code PQ{M}} or {@code PQ{M}x{nbits}} (nbits defaults to 8).
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexPQ.h">faiss/IndexPQ.h</a>
 * @see <a href="https://doi.org/10.1109/TPAMI.2010.57">H. Jégou, M. Douze, C. Schmid, Product
 *     quantization for nearest neighbor search, IEEE TPAMI 2011</a>
 */
public class IndexPQ extends IndexFlatCodes {

    /** FAISS's IndexPQ::Search_type_t; ordinals equal FAISS's values. Only ST_PQ is implemented. */
    public enum SearchType {
        ST_PQ,
        ST_HE,
        ST_generalized_HE,
        ST_SDC,
        ST_polysemous,
        ST_polysemous_generalize
    }

    private final ProductQuantizer pq;
    private boolean isTrained;
    private SearchType searchType = SearchType.ST_PQ;
    private boolean encodeSigns;
    private int polysemousHt;

    /**
     * An untrained index.
     *
     * @param d vector dimension
     * @param M number of sub-quantizers; must divide d
     * @param nbits bits per sub-quantizer code, 1 .. 16 (8 is the fast path)
     * @param metricType L2 or inner product
     * @throws IllegalArgumentException if d % M != 0, or d, M or nbits is out of range
     */
    public IndexPQ(int d, int M, int nbits, MetricType metricType) {
        super(d, metricType);
        this.pq = new ProductQuantizer(d, M, nbits);
        this.polysemousHt = nbits * M + 1;
    }

    /** An untrained L2 index. */
    public IndexPQ(int d, int M, int nbits) {
        this(d, M, nbits, MetricType.L2);
    }

    /** The product quantizer (FAISS: {@code pq}); train the index rather than the quantizer. */
    public ProductQuantizer pq() {
        return pq;
    }

    @Override
    public int codeSize() {
        return pq.codeSize();
    }

    @Override
    public boolean isTrained() {
        return isTrained;
    }

    /**
     * Sets the trained flag (when loading a file whose centroids were set on {@link #pq()}).
     */
    public void setTrained(boolean trained) {
        this.isTrained = trained;
    }

    /**
     * Trains the product quantizer: k-means with 2^nbits centroids in each of the M sub-spaces
     * (FAISS's defaults: 25 iterations, at most 256 points per centroid).
     *
     * @param n number of training vectors; at least 2^nbits
     * @throws IllegalArgumentException if x is too short or n &lt; 2^nbits
     */
    @Override
    public void train(int n, float[] x) {
        train(n, x, ProgressListener.NONE);
    }

    /** {@link #train(int, float[])} with progress per sub-quantizer. */
    public void train(int n, float[] x, ProgressListener listener) {
        pq.train(n, x, Objects.requireNonNull(listener, "listener is null"));
        isTrained = true;
    }

    @Override
    public void saEncode(int n, float[] x, byte[] bytes, int bytesOffset) {
        if (!isTrained) {
            throw new IllegalStateException("IndexPQ is not trained: call train first");
        }
        pq.computeCodes(n, x, 0, bytes, bytesOffset);
    }

    @Override
    public void saDecode(int n, byte[] bytes, int bytesOffset, float[] x) {
        Checks.length("x", x, (long) n * d);
        int cs = pq.codeSize();
        for (int i = 0; i < n; i++) {
            pq.decode(bytes, bytesOffset + i * cs, x, i * d);
        }
    }

    @Override
    public PQDistanceComputer getFlatCodesDistanceComputer() {
        return pq.distanceComputer(metricType);
    }

    @Override
    public void search(int n, float[] x, int k, float[] distances, long[] labels, SearchParameters params) {
        if (searchType != SearchType.ST_PQ) {
            throw new UnsupportedOperationException("IndexPQ: search_type " + searchType + " is not implemented");
        }
        super.search(n, x, k, distances, labels, params);
    }

    /** FAISS's search_type (stored in files); only ST_PQ can search. */
    public SearchType searchType() {
        return searchType;
    }

    public void setSearchType(SearchType searchType) {
        this.searchType = Objects.requireNonNull(searchType, "searchType is null");
    }

    /** FAISS's encode_signs (stored in files; unused by ST_PQ). */
    public boolean encodeSigns() {
        return encodeSigns;
    }

    public void setEncodeSigns(boolean encodeSigns) {
        this.encodeSigns = encodeSigns;
    }

    /** FAISS's polysemous_ht (stored in files; unused by ST_PQ); default nbits * M + 1. */
    public int polysemousHt() {
        return polysemousHt;
    }

    public void setPolysemousHt(int polysemousHt) {
        this.polysemousHt = polysemousHt;
    }

    @Override
    public long ramBytesUsed() {
        return super.ramBytesUsed() + pq.ramBytesUsed();
    }

    @Override
    public String toString() {
        return "IndexPQ(d=" + d + ", M=" + pq.M() + ", nbits=" + pq.nbits() + ", ntotal=" + ntotal() + ", metricType="
                + metricType + ")";
    }
}
