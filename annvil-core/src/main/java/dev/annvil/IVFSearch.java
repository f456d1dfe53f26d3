package dev.annvil;

import dev.annvil.impl.InvertedListScanner;
import dev.annvil.impl.RangeQueryResult;
import dev.annvil.impl.ResultHeap;
import dev.annvil.invlists.InvertedLists;
import java.util.Arrays;

/**
 * The search paths of {@link IndexIVF}: coarse quantization of a block of queries (one batched,
 * multi-threaded quantizer search), then each query scans its nprobe lists with a per-thread
 * {@link InvertedListScanner}, queries split across threads (FAISS's parallel_mode 0).
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexIVF.cpp">faiss IndexIVF::search_preassigned</a>
 */
final class IVFSearch {
    /** Queries per coarse-quantization block (bounds the n * nprobe scratch). */
    private static final int QUERY_BLOCK = 16384;

    private IVFSearch() {}

    private static void checkTrained(IndexIVF index) {
        if (!index.isTrained()) {
            throw new IllegalStateException(index.getClass().getSimpleName() + " is not trained: call train first");
        }
    }

    static int nprobe(IndexIVF index, SearchParameters params) {
        int np = params instanceof SearchParametersIVF p ? p.nprobe() : index.nprobe();
        return Math.min(np, index.nlist());
    }

    static long maxCodes(IndexIVF index, SearchParameters params) {
        return params instanceof SearchParametersIVF p ? p.maxCodes() : index.maxCodes();
    }

    static void search(
            IndexIVF index, int n, float[] x, int k, float[] distances, long[] labels, SearchParameters params) {
        int d = index.d();
        Checks.batch(n, x, d);
        Checks.positive("k", k);
        Checks.length("distances", distances, (long) n * k);
        Checks.length("labels", labels, (long) n * k);
        checkTrained(index);
        int np = nprobe(index, params);
        for (int q0 = 0; q0 < n; q0 += QUERY_BLOCK) {
            int m = Math.min(QUERY_BLOCK, n - q0);
            float[] xb = q0 == 0 && m == n ? x : Arrays.copyOfRange(x, q0 * d, (q0 + m) * d);
            long[] assign = new long[m * np];
            float[] coarseDis = new float[m * np];
            index.quantizer.search(m, xb, np, coarseDis, assign);
            float[] dis = q0 == 0 && m == n ? distances : new float[m * k];
            long[] lab = q0 == 0 && m == n ? labels : new long[m * k];
            scanAll(index, m, xb, k, assign, coarseDis, np, dis, lab, params);
            if (dis != distances) {
                System.arraycopy(dis, 0, distances, q0 * k, m * k);
                System.arraycopy(lab, 0, labels, q0 * k, m * k);
            }
        }
    }

    static void searchPreassigned(
            IndexIVF index,
            int n,
            float[] x,
            int k,
            long[] assign,
            float[] centroidDis,
            float[] distances,
            long[] labels,
            SearchParameters params) {
        Checks.batch(n, x, index.d());
        Checks.positive("k", k);
        Checks.length("distances", distances, (long) n * k);
        Checks.length("labels", labels, (long) n * k);
        checkTrained(index);
        int np = nprobe(index, params);
        Checks.length("assign", assign, (long) n * np);
        Checks.length("centroidDis", centroidDis, (long) n * np);
        scanAll(index, n, x, k, assign, centroidDis, np, distances, labels, params);
    }

    private static void scanAll(
            IndexIVF index,
            int n,
            float[] x,
            int k,
            long[] assign,
            float[] coarseDis,
            int np,
            float[] distances,
            long[] labels,
            SearchParameters params) {
        if (n == 0) {
            return;
        }
        int d = index.d();
        boolean ip = index.metricType() == MetricType.INNER_PRODUCT;
        long maxCodes = maxCodes(index, params);
        IDSelector sel = params == null ? null : params.sel();
        InvertedLists il = index.invlists;
        int tasks = Math.min(n, Parallelism.numThreads());
        Parallelism.forEach(tasks, t -> {
            InvertedListScanner scanner = index.getInvertedListScanner(sel, params);
            for (int q = t; q < n; q += tasks) {
                int base = q * k;
                ResultHeap.init(distances, labels, base, k);
                scanner.setQuery(x, q * d);
                long nscan = 0;
                for (int p = 0; p < np; p++) {
                    long key = assign[q * np + p];
                    if (key < 0) {
                        continue; // fewer centroids than nprobe
                    }
                    int listNo = (int) key;
                    int size = il.listSize(listNo);
                    if (size == 0) {
                        continue;
                    }
                    if (maxCodes > 0) {
                        size = (int) Math.min(size, maxCodes - nscan);
                    }
                    scanner.setList(listNo, coarseDis[q * np + p]);
                    scanner.scanCodes(il, size, distances, labels, base, k);
                    nscan += size;
                    if (maxCodes > 0 && nscan >= maxCodes) {
                        break;
                    }
                }
                ResultHeap.sort(distances, labels, base, k, ip);
            }
        });
    }

    static RangeSearchResult rangeSearch(IndexIVF index, int n, float[] x, float radius, SearchParameters params) {
        int d = index.d();
        Checks.batch(n, x, d);
        checkTrained(index);
        int np = nprobe(index, params);
        long maxCodes = maxCodes(index, params);
        IDSelector sel = params == null ? null : params.sel();
        long[] assign = new long[n * np];
        float[] coarseDis = new float[n * np];
        if (n > 0) {
            index.quantizer.search(n, x, np, coarseDis, assign);
        }
        long[][] perLabels = new long[n][];
        float[][] perDistances = new float[n][];
        InvertedLists il = index.invlists;
        int tasks = Math.max(1, Math.min(n, Parallelism.numThreads()));
        Parallelism.forEach(tasks, t -> {
            InvertedListScanner scanner = index.getInvertedListScanner(sel, params);
            RangeQueryResult result = new RangeQueryResult();
            for (int q = t; q < n; q += tasks) {
                result.clear();
                scanner.setQuery(x, q * d);
                long nscan = 0;
                for (int p = 0; p < np; p++) {
                    long key = assign[q * np + p];
                    if (key < 0 || il.listSize((int) key) == 0) {
                        continue;
                    }
                    int size = il.listSize((int) key);
                    scanner.setList((int) key, coarseDis[q * np + p]);
                    scanner.scanCodesRange(il, size, radius, result);
                    nscan += size;
                    if (maxCodes > 0 && nscan >= maxCodes) {
                        break;
                    }
                }
                perLabels[q] = result.labels();
                perDistances[q] = result.distances();
            }
        });
        return RangeSearchResults.concat(n, perLabels, perDistances);
    }
}
