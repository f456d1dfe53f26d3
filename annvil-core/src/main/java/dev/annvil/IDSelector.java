package dev.annvil;

/**
 * Decides which ids a search may return or an operation may touch. For an index without an id
 * map the ids are positions (0 .. ntotal-1); under {@link IndexIDMap} they are the user's ids.
 *
 * <p>Implementations must be safe to call from many threads at once.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/IDSelector.h">faiss/impl/IDSelector.h</a>
 */
@FunctionalInterface
public interface IDSelector {
    /** True if {@code id} is selected. */
    boolean isMember(long id);

    /** Selects the ids in [imin, imax). */
    static IDSelector range(long imin, long imax) {
        return new IDSelectorRange(imin, imax);
    }

    /** Selects exactly the given ids (a hash set is built once). */
    static IDSelector batch(long... ids) {
        return new IDSelectorBatch(ids);
    }

    /** Selects every id not selected by {@code sel}. */
    static IDSelector not(IDSelector sel) {
        java.util.Objects.requireNonNull(sel, "sel is null");
        return id -> !sel.isMember(id);
    }

    /** Selects every id. */
    static IDSelector all() {
        return id -> true;
    }
}
