package dev.annvil.server.service;

/**
 * Per-request search knobs (faissx-protocol.md §9.5 {@code params}): applied to this search only,
 * through {@link dev.annvil.SearchParametersIVF} / {@link dev.annvil.SearchParametersHNSW}, and never
 * stored on the index (use set_parameter for that). A knob the index does not have is ignored, as
 * the reference does.
 *
 * @param nprobe inverted lists to visit (IVF), or null for the index's own
 * @param efSearch HNSW beam width, or null for the index's own
 */
public record SearchKnobs(Integer nprobe, Integer efSearch) {
    /** No knobs: the index's own settings. */
    public static final SearchKnobs NONE = new SearchKnobs(null, null);

    public SearchKnobs {
        if (nprobe != null && nprobe < 1) {
            throw new ServiceException(ErrorCode.INVALID_ARGUMENT, "nprobe must be a positive integer, got " + nprobe);
        }
        if (efSearch != null && efSearch < 1) {
            throw new ServiceException(
                    ErrorCode.INVALID_ARGUMENT, "efSearch must be a positive integer, got " + efSearch);
        }
    }
}
