package dev.annvil.impl;

import dev.annvil.impl.ScalarQuantizer.RangeStat;
import java.util.Arrays;

/**
 * Range training of {@link ScalarQuantizer}: the [vmin, vmin + vdiff] interval that each
 * component (non-uniform types) or all components (uniform types) are mapped to, by FAISS's
 * range statistics. Results are stored as {vmin, vdiff}, FAISS's trained layout.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/scalar_quantizer/training.cpp">faiss/impl/scalar_quantizer/training.cpp</a>
 */
final class ScalarQuantizerTraining {
    private ScalarQuantizerTraining() {}

    /**
     * One interval for n values x[0 .. n) quantized to k levels: returns {vmin, vdiff}.
     * Sums are float or double exactly where FAISS's are, so the results match bit for bit.
     */
    static float[] trainUniform(RangeStat rs, float rsArg, int n, int k, float[] x, int xOffset) {
        float vmin;
        float vmax;
        switch (rs) {
            case RS_minmax -> {
                vmin = Float.POSITIVE_INFINITY;
                vmax = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    float v = x[xOffset + i];
                    if (v < vmin) {
                        vmin = v;
                    }
                    if (v > vmax) {
                        vmax = v;
                    }
                }
                float vexp = (vmax - vmin) * rsArg;
                vmin -= vexp;
                vmax += vexp;
            }
            case RS_meanstd -> {
                double sum = 0;
                double sum2 = 0;
                for (int i = 0; i < n; i++) {
                    float v = x[xOffset + i];
                    sum += v;
                    sum2 += v * v; // a float product, as in FAISS
                }
                float mean = (float) (sum / n);
                float var = (float) (sum2 / n - mean * mean);
                float std = var <= 0 ? 1.0f : (float) Math.sqrt(var);
                vmin = mean - std * rsArg;
                vmax = mean + std * rsArg;
            }
            case RS_quantiles -> {
                float[] sorted = Arrays.copyOfRange(x, xOffset, xOffset + n);
                Arrays.sort(sorted);
                int o = (int) (rsArg * n);
                if (o < 0) {
                    o = 0;
                }
                if (o > n - o) {
                    o = n / 2;
                }
                vmin = sorted[o];
                vmax = sorted[n - 1 - o];
            }
            case RS_optim -> {
                float[] r = optim(n, k, x, xOffset);
                vmin = r[0];
                vmax = r[1];
            }
            default -> throw new IllegalArgumentException("rangestat=" + rs);
        }
        return new float[] {vmin, vmax - vmin};
    }

    /** Least-squares fit of k equally spaced levels b + a * i to the values (Lloyd-like, 2000 rounds). */
    private static float[] optim(int n, int k, float[] x, int xOffset) {
        float vmin = Float.POSITIVE_INFINITY;
        float vmax = Float.NEGATIVE_INFINITY;
        float sx = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xOffset + i];
            vmin = Math.min(vmin, v);
            vmax = Math.max(vmax, v);
            sx += v;
        }
        float b = vmin;
        float a = (vmax - vmin) / (k - 1);
        float lastErr = -1;
        int sameErr = 0;
        for (int it = 0; it < 2000; it++) {
            float sn = 0, sn2 = 0, sxn = 0, err1 = 0;
            for (int i = 0; i < n; i++) {
                float xi = x[xOffset + i];
                float ni = (float) Math.floor((xi - b) / a + 0.5);
                ni = Math.max(0, Math.min(k - 1, ni));
                float e = xi - (ni * a + b);
                err1 += e * e;
                sn += ni;
                sn2 += ni * ni;
                sxn += ni * xi;
            }
            if (err1 == lastErr) {
                if (++sameErr == 16) {
                    break;
                }
            } else {
                lastErr = err1;
                sameErr = 0;
            }
            float det = sn * sn - sn2 * n;
            b = (sn * sxn - sn2 * sx) / det;
            a = (sn * sx - n * sxn) / det;
        }
        return new float[] {b, b + a * (k - 1)};
    }

    /**
     * Per-component intervals of n vectors of dimension d: returns 2 * d floats, vmin[0 .. d) then
     * vdiff[0 .. d).
     */
    static float[] trainNonUniform(RangeStat rs, float rsArg, int n, int d, int k, float[] x) {
        float[] trained = new float[2 * d];
        if (rs == RangeStat.RS_minmax) {
            System.arraycopy(x, 0, trained, 0, d);
            System.arraycopy(x, 0, trained, d, d);
            for (int i = 1; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    float v = x[i * d + j];
                    if (v < trained[j]) {
                        trained[j] = v;
                    }
                    if (v > trained[d + j]) {
                        trained[d + j] = v;
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                float vexp = (trained[d + j] - trained[j]) * rsArg;
                trained[j] -= vexp;
                float vmax = trained[d + j] + vexp;
                trained[d + j] = vmax - trained[j];
            }
            return trained;
        }
        // Transposed copy. FAISS starts this copy at vector 1, so column entry 0 stays 0 (in
        // FAISS 1.7.3 through 1.14): kept, so that trained ranges equal FAISS's.
        float[] xt = new float[Math.multiplyExact(n, d)];
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < d; j++) {
                xt[j * n + i] = x[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            float[] r = trainUniform(rs, rsArg, n, k, xt, j * n);
            trained[j] = r[0];
            trained[d + j] = r[1];
        }
        return trained;
    }
}
