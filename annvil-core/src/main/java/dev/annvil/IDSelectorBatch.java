package dev.annvil;

import java.util.Arrays;

/**
 * Selects a fixed set of ids, held in a sorted array (binary search: O(log n) per test, 8 bytes
 * per id). Duplicates in the input are harmless.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/IDSelector.h">faiss IDSelectorBatch</a>
 */
public final class IDSelectorBatch implements IDSelector {
    private final long[] sorted;

    /** @param ids the ids to select (copied) */
    public IDSelectorBatch(long[] ids) {
        java.util.Objects.requireNonNull(ids, "ids is null");
        this.sorted = ids.clone();
        Arrays.sort(sorted);
    }

    @Override
    public boolean isMember(long id) {
        return Arrays.binarySearch(sorted, id) >= 0;
    }

    /** A sorted copy of the ids (duplicates kept), for callers that look ids up one by one. */
    public long[] ids() {
        return sorted.clone();
    }

    /** Number of ids given (duplicates counted). */
    public int size() {
        return sorted.length;
    }
}
