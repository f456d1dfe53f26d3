package dev.annvil;

/**
 * {@link IndexFlat} with inner products (descending). Factory string {@code "Flat"} with metric
 * inner product.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexFlat.h">faiss IndexFlatIP</a>
 */
public class IndexFlatIP extends IndexFlat {
    /**
     * @param d vector dimension
     * @throws IllegalArgumentException if d &lt; 1
     */
    public IndexFlatIP(int d) {
        super(d, MetricType.INNER_PRODUCT);
    }
}
