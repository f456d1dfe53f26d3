package dev.annvil;

import dev.annvil.invlists.DirectMap;
import java.util.Arrays;
import java.util.Objects;

/**
 * The building paths of {@link IndexIVF}: training (coarse k-means, then the encoder) and adding
 * (assignment, encoding and appending, block by block, lists filled in parallel). Both are
 * all-or-nothing: a failure or a cancellation through the {@link ProgressListener} leaves the
 * index as it was.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexIVF.cpp">faiss IndexIVF::train, add_core</a>
 */
final class IVFBuild {
    /** Vectors per block of add (FAISS's add_core blocks by 65536 too). */
    private static final int MAX_ADD_BLOCK = 65536;

    private IVFBuild() {}

    static void train(IndexIVF ivf, int n, float[] x, ProgressListener listener) {
        int d = ivf.d;
        int nlist = ivf.nlist;
        Index quantizer = ivf.quantizer;
        Checks.batch(n, x, d);
        Objects.requireNonNull(listener, "listener is null");
        boolean trainQuantizer = !(quantizer.isTrained() && quantizer.ntotal() == nlist);
        if (trainQuantizer && ivf.ntotal > 0) {
            throw new IllegalStateException("cannot train the coarse quantizer of an IVF index holding " + ivf.ntotal
                    + " vectors: reset() first");
        }
        double encoderShare = trainQuantizer ? ivf.encoderTrainingShare() : 1.0;
        Index assigner = quantizer;
        float[] centroids = null;
        if (trainQuantizer) {
            // k-means on a scratch index, committed to the quantizer only once everything succeeded
            Clustering clustering = new Clustering(d, nlist, ivf.cp);
            IndexFlat scratch = new IndexFlat(d, quantizer.metricType());
            clustering.train(n, x, scratch, (phase, f) -> listener.progress(phase, f * (1 - encoderShare)));
            centroids = clustering.centroids();
            assigner = scratch;
        }
        ProgressListener encoderListener = (phase, f) -> listener.progress(phase, 1 - encoderShare + f * encoderShare);
        if (ivf.byResidual) {
            long[] assign = new long[n];
            assigner.search(n, x, 1, new float[n], assign);
            float[] residuals = new float[n * d];
            float[] c = new float[nlist * d];
            assigner.reconstructN(0, nlist, c);
            for (int i = 0; i < n; i++) {
                int off = (int) assign[i] * d;
                for (int j = 0; j < d; j++) {
                    residuals[i * d + j] = x[i * d + j] - c[off + j];
                }
            }
            ivf.trainEncoder(n, residuals, assign, encoderListener);
        } else {
            ivf.trainEncoder(n, x, null, encoderListener);
        }
        if (trainQuantizer) {
            quantizer.reset();
            if (!quantizer.isTrained()) {
                quantizer.train(nlist, centroids);
            }
            quantizer.add(nlist, centroids);
        }
        ivf.isTrained = true;
    }

    static void add(IndexIVF ivf, int n, float[] x, long[] xids, ProgressListener listener) {
        int d = ivf.d;
        int nlist = ivf.nlist;
        Checks.batch(n, x, d);
        Objects.requireNonNull(listener, "listener is null");
        if (!ivf.isTrained) {
            throw new IllegalStateException(ivf.getClass().getSimpleName() + " is not trained: call train first");
        }
        ivf.directMap.checkCanAdd(xids);
        int[] sizesBefore = new int[nlist];
        for (int l = 0; l < nlist; l++) {
            sizesBefore[l] = ivf.invlists.listSize(l);
        }
        long[] lo = ivf.directMap.no() ? null : new long[n];
        // blocks: FAISS's 65536, smaller for smaller batches so that progress comes ~16 times
        int bs = Math.max(1, Math.min(MAX_ADD_BLOCK, Math.max(1024, (n + 15) / 16)));
        long[] assign = new long[Math.min(bs, n)];
        byte[] codes = new byte[Math.min(bs, n) * ivf.codeSize];
        try {
            for (int i0 = 0; i0 < n; i0 += bs) {
                int m = Math.min(bs, n - i0);
                float[] block = i0 == 0 && m * d == x.length ? x : Arrays.copyOfRange(x, i0 * d, (i0 + m) * d);
                ivf.quantizer.search(m, block, 1, new float[m], assign);
                ivf.encodeVectors(m, block, 0, assign, codes);
                appendBlock(ivf, m, i0, assign, codes, xids, lo);
                listener.progress("add", (double) (i0 + m) / n);
            }
        } catch (RuntimeException | Error e) {
            for (int l = 0; l < nlist; l++) {
                if (ivf.invlists.listSize(l) != sizesBefore[l]) {
                    ivf.invlists.resize(l, sizesBefore[l]);
                }
            }
            throw e;
        }
        ivf.directMap.addAll(n, xids, ivf.ntotal, lo);
        ivf.ntotal += n;
    }

    /** Appends a block's codes, each thread taking the lists l with l % tasks == t (as FAISS). */
    private static void appendBlock(IndexIVF ivf, int m, int i0, long[] assign, byte[] codes, long[] xids, long[] lo) {
        int codeSize = ivf.codeSize;
        int tasks = Math.max(1, Math.min(Parallelism.numThreads(), Math.min(ivf.nlist, m / 256)));
        long firstId = ivf.ntotal + i0;
        Parallelism.forEach(tasks, t -> {
            for (int i = 0; i < m; i++) {
                long listNo = assign[i];
                if (listNo >= 0 && listNo % tasks == t) {
                    long id = xids == null ? firstId + i : xids[i0 + i];
                    int ofs = ivf.invlists.addEntry((int) listNo, id, codes, i * codeSize);
                    if (lo != null) {
                        lo[i0 + i] = DirectMap.loBuild((int) listNo, ofs);
                    }
                } else if (listNo < 0 && t == 0 && lo != null) {
                    lo[i0 + i] = -1;
                }
            }
        });
    }
}
