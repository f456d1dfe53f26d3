package dev.annvil;

/**
 * {@link IndexFlat} with squared L2 distances (ascending). Factory string {@code "Flat"}.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexFlat.h">faiss IndexFlatL2</a>
 */
public class IndexFlatL2 extends IndexFlat {
    /**
     * @param d vector dimension
     * @throws IllegalArgumentException if d &lt; 1
     */
    public IndexFlatL2(int d) {
        super(d, MetricType.L2);
    }
}
