package dev.annvil;

import java.util.concurrent.CancellationException;

/**
 * Receives progress of long work (training, adding): the phase name and the fraction done in [0,
 * 1]. To cancel the work, throw {@link CancellationException} from {@link #progress}; the index is
 * then left as it was before the call where the operation documents so (training), or with a
 * consistent prefix of the batch (adding).
 *
 * <p>Called from the thread that runs the operation, at most a few hundred times per call.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores progress. */
    ProgressListener NONE = (phase, fraction) -> {};

    /**
     * @param phase what is being done, e.g. "k-means iteration 3/25"
     * @param fraction fraction of the whole operation done, in [0, 1]
     * @throws CancellationException to cancel the operation
     */
    void progress(String phase, double fraction);
}
