package dev.annvil;

/**
 * Selects the ids in the half-open range [imin, imax).
 *
 * @param imin first selected id
 * @param imax first id past the range
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/IDSelector.h">faiss IDSelectorRange</a>
 */
public record IDSelectorRange(long imin, long imax) implements IDSelector {
    /** @throws IllegalArgumentException if imax &lt; imin */
    public IDSelectorRange {
        if (imax < imin) {
            throw new IllegalArgumentException("IDSelectorRange: imax=" + imax + " < imin=" + imin);
        }
    }

    @Override
    public boolean isMember(long id) {
        return id >= imin && id < imax;
    }
}
