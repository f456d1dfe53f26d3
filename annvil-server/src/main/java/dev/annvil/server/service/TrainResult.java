package dev.annvil.server.service;

/**
 * The outcome of train.
 *
 * @param skipped true when the index needs no training and was left alone
 * @param trained whether the index is trained afterwards
 * @param rows training vectors used (0 when skipped)
 */
public record TrainResult(boolean skipped, boolean trained, int rows) {}
