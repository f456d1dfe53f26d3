package dev.annvil.bench.engine;

import dev.annvil.Index;
import dev.annvil.SearchParameters;
import java.util.Optional;

/**
 * The seam between the harness and Annvil's per-call search parameters: turns a FAISS parameter
 * name and value ({@code "nprobe"=16}, {@code "efSearch"=64}) into the {@link SearchParameters}
 * for one index, without reflection.
 *
 * <p>{@link SearchKnobs#standard()} is the implementation the harness uses; connecting a new index
 * family is one line there (see its Javadoc).
 */
@FunctionalInterface
public interface SearchKnob {
    /**
     * Search parameters that set {@code name} to {@code value} for searches of {@code index}, or
     * empty when this knob does not support that parameter on that index class (the harness then
     * runs the index at its defaults and prints a note).
     *
     * @param index the index to be searched (not changed)
     * @param name FAISS's parameter key, e.g. "nprobe", "efSearch"
     * @param value the parameter's value, &gt;= 1
     */
    Optional<SearchParameters> parameters(Index index, String name, int value);
}
