package dev.annvil.bench.engine;

import dev.annvil.bench.harness.BenchData;
import dev.annvil.bench.harness.IndexRun;
import dev.annvil.bench.harness.IndexSpec;
import dev.annvil.bench.harness.RunConfig;
import java.io.PrintStream;

/**
 * A vector search engine the harness can time: it builds one index of a spec over the data set and
 * measures the whole curve (every thread count, every value of the swept parameter) before it
 * returns, so the harness never times two engines at once.
 */
public interface Engine {
    /** Display name: "Annvil", "FAISS", "hnswlib", "JVector", "Lucene". */
    String name();

    /** Null when the engine can run on this machine, else why not and how to install it. */
    String unavailableReason();

    /** Whether this engine builds indexes of the family at all. */
    boolean supports(IndexSpec.Family family);

    /**
     * Builds the index and measures its curve; progress lines (starting with "#") go to log.
     *
     * @throws SkippedException if this engine cannot build this particular spec (yet); the message
     *     is printed as a note
     * @throws Exception if the run failed
     */
    IndexRun run(IndexSpec spec, BenchData data, RunConfig cfg, PrintStream log) throws Exception;

    /** The engine cannot run a spec; the message says why (printed, not an error). */
    final class SkippedException extends Exception {
        private static final long serialVersionUID = 1L;

        /** @param message why, naming the engine and the index */
        public SkippedException(String message) {
            super(message);
        }
    }
}
