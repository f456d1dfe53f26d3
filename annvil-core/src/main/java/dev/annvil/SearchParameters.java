package dev.annvil;

/**
 * Per-call search options; the fields of an index are only defaults. Never changes the index.
 * Subclasses add the knobs of an index family (nprobe for IVF, efSearch for HNSW).
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/Index.h">faiss SearchParameters</a>
 */
public class SearchParameters {
    /** No selector: every id may be returned. */
    public static final SearchParameters DEFAULT = new SearchParameters(null);

    private final IDSelector sel;

    /** @param sel ids that may be returned, or null for all */
    public SearchParameters(IDSelector sel) {
        this.sel = sel;
    }

    /** Ids that may be returned, or null for all. */
    public IDSelector sel() {
        return sel;
    }

    /**
     * The same options with another selector (wrappers such as {@link IndexIDMap} translate the
     * caller's selector this way without losing the subclass's knobs).
     */
    public SearchParameters withSel(IDSelector sel) {
        return new SearchParameters(sel);
    }
}
