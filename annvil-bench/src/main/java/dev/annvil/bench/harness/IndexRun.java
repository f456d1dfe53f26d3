package dev.annvil.bench.harness;

import java.util.List;

/**
 * Everything one engine measured for one index: build cost, memory and the curve.
 *
 * @param engine "Annvil", "FAISS", "hnswlib", "JVector", "Lucene"
 * @param engineVersion version string of the engine (library version, kernels)
 * @param spec the index built
 * @param buildSeconds seconds to create, train and add the database (once)
 * @param indexBytes bytes of the index's data structures (see {@code indexBytesMethod})
 * @param indexBytesMethod how {@code indexBytes} was obtained ("ramBytesUsed", "heap delta", "serialized size")
 * @param peakRssBytes peak resident set size of the process running the engine, bytes (-1 unknown);
 *     for in-process engines the peak is reset before the engine starts, but the JVM's heap keeps the
 *     data set and earlier garbage, so it is an upper bound
 * @param points the curve: one point per (threads, parameter value)
 * @param notes remarks printed under the table (e.g. a sweep the engine cannot do yet)
 */
public record IndexRun(
        String engine,
        String engineVersion,
        IndexSpec spec,
        double buildSeconds,
        long indexBytes,
        String indexBytesMethod,
        long peakRssBytes,
        List<CurvePoint> points,
        List<String> notes) {
    /** Copies the lists. */
    public IndexRun {
        points = List.copyOf(points);
        notes = List.copyOf(notes);
    }

    /** The points at one thread count, in sweep order. */
    public List<CurvePoint> at(int threads) {
        return points.stream().filter(p -> p.threads() == threads).toList();
    }
}
