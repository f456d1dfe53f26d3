package dev.annvil;

/**
 * Per-call options of an {@link IndexRefineFlat} search: the parameters of the base index's search
 * and the factor of candidates it returns. They override the index's {@code kFactor} for this call
 * only and never change the index.
 *
 * <p>The selector: when {@code baseParams} is null, {@code sel} is passed to the base search as a
 * plain {@link SearchParameters}; otherwise the base search uses {@code baseParams} as they are
 * (give the selector there). Re-ranking only rescores what the base search returned, so the
 * selector is honoured either way.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexRefine.h">faiss SearchParametersRefine</a>
 */
public class SearchParametersRefine extends SearchParameters {
    private final SearchParameters baseParams;
    private final float kFactor;

    /**
     * @param sel ids that may be returned, or null for all
     * @param baseParams parameters of the base index's search (e.g. {@link SearchParametersIVF}),
     *     or null
     * @param kFactor the base search returns k * kFactor candidates (truncated, as FAISS)
     * @throws IllegalArgumentException if kFactor is not finite or below 1
     */
    public SearchParametersRefine(IDSelector sel, SearchParameters baseParams, float kFactor) {
        super(sel);
        IndexRefineFlat.checkKFactor(kFactor);
        this.baseParams = baseParams;
        this.kFactor = kFactor;
    }

    /** Parameters of the base search, or null. */
    public SearchParameters baseParams() {
        return baseParams;
    }

    /** Candidates per result asked from the base index. */
    public float kFactor() {
        return kFactor;
    }

    @Override
    public String toString() {
        return "SearchParametersRefine(kFactor=" + kFactor + ", baseParams=" + baseParams + ", sel=" + sel() + ")";
    }
}
