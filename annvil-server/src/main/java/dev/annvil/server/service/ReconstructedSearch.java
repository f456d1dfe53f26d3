package dev.annvil.server.service;

import dev.annvil.SearchResult;

/**
 * A k-NN search with the vector of every result.
 *
 * @param result n * k distances and labels
 * @param vectors n * k * d floats, row-major per result; zeros for padded (-1) results
 * @param d vector dimension
 */
public record ReconstructedSearch(SearchResult result, float[] vectors, int d) {}
