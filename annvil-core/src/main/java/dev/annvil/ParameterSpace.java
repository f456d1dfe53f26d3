package dev.annvil;

import java.util.Objects;

/**
 * Sets search-time parameters by their FAISS names, on an index or per call, looking through
 * wrappers (IndexIDMap, IndexRefineFlat) to the index that owns the parameter:
 *
 * <ul>
 *   <li>{@code nprobe}, {@code max_codes}: IVF indexes;
 *   <li>{@code efSearch}: HNSW indexes (and, as {@code quantizer_efSearch}, an IVF's HNSW quantizer);
 *   <li>{@code k_factor}: IndexRefineFlat.
 * </ul>
 *
 * Values are doubles as in FAISS and are checked to be whole and in range.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/AutoTune.h">faiss/AutoTune.h</a>
 */
public final class ParameterSpace {
    private ParameterSpace() {}

    /**
     * Sets a parameter on the index (its default for later searches).
     *
     * @throws IllegalArgumentException if no index in the chain has the parameter, or the value is
     *     not valid for it
     */
    public static void setIndexParameter(Index index, String name, double value) {
        Objects.requireNonNull(index, "index is null");
        Objects.requireNonNull(name, "name is null");
        Index target = index;
        while (true) {
            switch (name) {
                case "nprobe" -> {
                    if (target instanceof IndexIVF ivf) {
                        ivf.setNprobe(positiveInt(name, value));
                        return;
                    }
                }
                case "max_codes" -> {
                    if (target instanceof IndexIVF ivf) {
                        ivf.setMaxCodes(nonNegativeLong(name, value));
                        return;
                    }
                }
                case "efSearch" -> {
                    if (target instanceof IndexHNSW hnsw) {
                        hnsw.setEfSearch(positiveInt(name, value));
                        return;
                    }
                }
                case "quantizer_efSearch" -> {
                    if (target instanceof IndexIVF ivf && ivf.quantizer() instanceof IndexHNSW hnsw) {
                        hnsw.setEfSearch(positiveInt(name, value));
                        return;
                    }
                }
                case "k_factor" -> {
                    if (target instanceof IndexRefineFlat refine) {
                        if (!(value >= 1)) {
                            throw new IllegalArgumentException("k_factor=" + value + " must be >= 1");
                        }
                        refine.setKFactor((float) value);
                        return;
                    }
                }
                default ->
                    throw new IllegalArgumentException("parameter \"" + name
                            + "\" is not one of nprobe, max_codes, efSearch, quantizer_efSearch, k_factor");
            }
            Index inner = inner(target);
            if (inner == null) {
                throw new IllegalArgumentException("parameter \"" + name + "\" does not apply to "
                        + index.getClass().getSimpleName());
            }
            target = inner;
        }
    }

    /**
     * Per-call parameters with one knob set (the index is not changed): {@code nprobe} gives
     * {@link SearchParametersIVF}, {@code efSearch} gives {@link SearchParametersHNSW}.
     *
     * @throws IllegalArgumentException if the knob is unknown or the value invalid
     */
    public static SearchParameters searchParameters(String name, double value) {
        return switch (name) {
            case "nprobe" -> new SearchParametersIVF(positiveInt(name, value));
            case "efSearch" -> new SearchParametersHNSW(positiveInt(name, value));
            default ->
                throw new IllegalArgumentException("search parameter \"" + name + "\" is not one of nprobe, efSearch");
        };
    }

    private static Index inner(Index index) {
        if (index instanceof IndexIDMap map) {
            return map.getIndex();
        }
        if (index instanceof IndexRefineFlat refine) {
            return refine.baseIndex();
        }
        return null;
    }

    private static int positiveInt(String name, double value) {
        if (value != Math.rint(value) || value < 1 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + "=" + value + " must be a whole number >= 1");
        }
        return (int) value;
    }

    private static long nonNegativeLong(String name, double value) {
        if (value != Math.rint(value) || value < 0) {
            throw new IllegalArgumentException(name + "=" + value + " must be a whole number >= 0");
        }
        return (long) value;
    }
}
