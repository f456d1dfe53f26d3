package dev.annvil.server.service;

/**
 * The outcome of an add or a removal.
 *
 * @param count vectors added or removed by the operation
 * @param ntotal vectors in the index afterwards
 */
public record CountResult(long count, long ntotal) {}
