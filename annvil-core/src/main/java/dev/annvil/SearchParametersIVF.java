package dev.annvil;

/**
 * Per-call options of an {@link IndexIVF} search: how many inverted lists to visit (nprobe), at
 * most how many codes to scan (maxCodes, 0 = no limit) and which ids may be returned. They
 * override the index's {@code nprobe}/{@code maxCodes} fields for this call only and never change
 * the index.
 *
 * <p>FAISS's {@code SearchParametersIVF} silently defaults nprobe to 1; here nprobe is always
 * given explicitly, so a params object made only to pass a selector cannot lower the index's
 * nprobe by accident (pass a plain {@link SearchParameters} for that: the index's nprobe is used).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexIVF.h">faiss SearchParametersIVF</a>
 */
public class SearchParametersIVF extends SearchParameters {
    private final int nprobe;
    private final long maxCodes;

    /**
     * @param sel ids that may be returned, or null for all
     * @param nprobe number of inverted lists to visit per query (capped at nlist)
     * @param maxCodes most codes scanned per query, 0 for no limit: k-NN search cuts the last list
     *     visited to the remaining budget; range search stops after the list that exhausts it (as
     *     FAISS)
     * @throws IllegalArgumentException if nprobe &lt; 1 or maxCodes &lt; 0
     */
    public SearchParametersIVF(IDSelector sel, int nprobe, long maxCodes) {
        super(sel);
        Checks.positive("nprobe", nprobe);
        Checks.nonNegative("maxCodes", maxCodes);
        this.nprobe = nprobe;
        this.maxCodes = maxCodes;
    }

    /** nprobe lists, no code limit, every id. */
    public SearchParametersIVF(int nprobe) {
        this(null, nprobe, 0);
    }

    /** Number of inverted lists visited per query. */
    public int nprobe() {
        return nprobe;
    }

    /** Most codes scanned per query; 0 means no limit. */
    public long maxCodes() {
        return maxCodes;
    }

    @Override
    public String toString() {
        return "SearchParametersIVF(nprobe=" + nprobe + ", maxCodes=" + maxCodes + ", sel=" + sel() + ")";
    }

    @Override
    public SearchParametersIVF withSel(IDSelector sel) {
        return new SearchParametersIVF(sel, nprobe, maxCodes);
    }
}
