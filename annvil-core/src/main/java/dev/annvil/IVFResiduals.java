package dev.annvil;

/**
 * Residuals of vectors against the coarse centroids of an IVF index (FAISS:
 * Index::compute_residual), shared by the by-residual encoders ({@link IndexIVFPQ}, {@link
 * IndexIVFScalarQuantizer}). A flat quantizer's centroids are read in place; any other quantizer
 * is asked to reconstruct each centroid.
 *
 * <p>Stateless; safe from any thread while the quantizer is not mutated.
 */
final class IVFResiduals {
    private IVFResiduals() {}

    /**
     * out[i * d ..] = x[xOffset + i * d ..] - centroid(listNos[listOffset + i]) for i in 0 .. n;
     * rows whose list number is negative become zeros (as FAISS).
     *
     * @param scratch d floats, used when the quantizer is not flat (may be null otherwise)
     */
    static void compute(
            Index quantizer,
            int d,
            int n,
            float[] x,
            int xOffset,
            long[] listNos,
            int listOffset,
            float[] out,
            float[] scratch) {
        float[] flat = quantizer instanceof IndexFlat f ? f.getXb() : null;
        for (int i = 0; i < n; i++) {
            long key = listNos[listOffset + i];
            int o = i * d;
            int xo = xOffset + i * d;
            if (key < 0) {
                java.util.Arrays.fill(out, o, o + d, 0f);
                continue;
            }
            float[] c;
            int co;
            if (flat != null) {
                c = flat;
                co = (int) key * d;
            } else {
                quantizer.reconstruct(key, scratch);
                c = scratch;
                co = 0;
            }
            for (int j = 0; j < d; j++) {
                out[o + j] = x[xo + j] - c[co + j];
            }
        }
    }

    /** Copies centroid {@code listNo} of the quantizer into out[0 .. d). */
    static void centroid(Index quantizer, int d, int listNo, float[] out) {
        if (quantizer instanceof IndexFlat f) {
            System.arraycopy(f.getXb(), listNo * d, out, 0, d);
        } else {
            quantizer.reconstruct(listNo, out);
        }
    }
}
