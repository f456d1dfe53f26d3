package dev.annvil.server.service;

import java.util.Map;

/**
 * The outcome of train (faissx-protocol.md §9.6).
 *
 * @param skipped true when the index needs no training and was left alone
 * @param trained whether the index is trained afterwards
 * @param rows training vectors used (0 when skipped)
 * @param hasEnoughVectors false when rows is below the recommended number
 * @param recommendation "For optimal results, consider using at least &lt;N&gt; training vectors", or
 *     null
 * @param trainingInfo the {@code training_info} map
 */
public record TrainResult(
        boolean skipped,
        boolean trained,
        int rows,
        boolean hasEnoughVectors,
        String recommendation,
        Map<String, Object> trainingInfo) {}
