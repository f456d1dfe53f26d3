package dev.annvil.impl;

import dev.annvil.MetricType;
import java.util.Objects;

/**
 * Asymmetric distances (ADC) of one query to product-quantizer codes: {@link #setQuery} computes
 * the query's M * ksub lookup table (squared L2 or inner products), each code costs M lookups.
 *
 * <p>Not thread-safe (it owns the table): one per thread. The table is reused across queries.
 *
 * @see ProductQuantizer
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexPQ.cpp">faiss/IndexPQ.cpp (PQDistanceComputer)</a>
 */
public final class PQDistanceComputer implements FlatCodesDistanceComputer {
    private final ProductQuantizer pq;
    private final boolean ip;
    private final float[] table;

    /**
     * @param pq a trained product quantizer
     * @param metric L2 (squared distances) or inner product
     */
    public PQDistanceComputer(ProductQuantizer pq, MetricType metric) {
        this.pq = Objects.requireNonNull(pq, "pq is null");
        this.ip = Objects.requireNonNull(metric, "metric is null") == MetricType.INNER_PRODUCT;
        this.table = new float[pq.M() * pq.ksub()];
    }

    @Override
    public int codeSize() {
        return pq.codeSize();
    }

    @Override
    public void setQuery(float[] x, int xOffset) {
        if (ip) {
            pq.computeInnerProdTable(x, xOffset, table);
        } else {
            pq.computeDistanceTable(x, xOffset, table);
        }
    }

    /** The current query's lookup table, M * ksub floats (read only). */
    public float[] table() {
        return table;
    }

    @Override
    public float distanceToCode(byte[] codes, int offset) {
        return pq.distanceFromTable(table, codes, offset);
    }

    @Override
    public void distancesToCodes(byte[] codes, int codesOffset, int n, float[] out, int outOffset) {
        pq.distancesFromTable(table, codes, codesOffset, n, out, outOffset);
    }
}
