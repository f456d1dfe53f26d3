package dev.annvil;

/**
 * Per-call options of an {@link IndexHNSW} search: the beam width and FAISS's stopping rule, on top
 * of the id selector. Immutable; never changes the index (the index's {@code efSearch} is only the
 * default for calls without these parameters).
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/HNSW.h">faiss SearchParametersHNSW</a>
 */
public class SearchParametersHNSW extends SearchParameters {
    private final int efSearch;
    private final boolean checkRelativeDistance;

    /**
     * @param efSearch beam width on level 0 (the beam is max(efSearch, k))
     * @throws IllegalArgumentException if efSearch &lt; 1
     */
    public SearchParametersHNSW(int efSearch) {
        this(null, efSearch, true);
    }

    /**
     * @param sel ids that may be returned, or null for all
     * @param efSearch beam width on level 0 (the beam is max(efSearch, k))
     * @throws IllegalArgumentException if efSearch &lt; 1
     */
    public SearchParametersHNSW(IDSelector sel, int efSearch) {
        this(sel, efSearch, true);
    }

    /**
     * @param sel ids that may be returned, or null for all
     * @param efSearch beam width on level 0 (the beam is max(efSearch, k))
     * @param checkRelativeDistance FAISS's {@code check_relative_distance} (default true): stop
     *     once efSearch beam entries are nearer than the next node to expand; when false, stop
     *     after efSearch + 1 expansions
     * @throws IllegalArgumentException if efSearch &lt; 1
     */
    public SearchParametersHNSW(IDSelector sel, int efSearch, boolean checkRelativeDistance) {
        super(sel);
        Checks.positive("efSearch", efSearch);
        this.efSearch = efSearch;
        this.checkRelativeDistance = checkRelativeDistance;
    }

    /** Beam width on level 0. */
    public int efSearch() {
        return efSearch;
    }

    /** FAISS's {@code check_relative_distance}. */
    public boolean checkRelativeDistance() {
        return checkRelativeDistance;
    }

    @Override
    public SearchParametersHNSW withSel(IDSelector sel) {
        return new SearchParametersHNSW(sel, efSearch, checkRelativeDistance);
    }
}
