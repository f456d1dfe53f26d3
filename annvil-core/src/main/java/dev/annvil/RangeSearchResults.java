package dev.annvil;

/** Builds {@link RangeSearchResult}s from per-query arrays. */
final class RangeSearchResults {
    private RangeSearchResults() {}

    static RangeSearchResult concat(int n, long[][] perLabels, float[][] perDistances) {
        long[] lims = new long[n + 1];
        for (int q = 0; q < n; q++) {
            lims[q + 1] = lims[q] + perLabels[q].length;
        }
        long[] labels = new long[Math.toIntExact(lims[n])];
        float[] distances = new float[labels.length];
        for (int q = 0; q < n; q++) {
            System.arraycopy(perLabels[q], 0, labels, (int) lims[q], perLabels[q].length);
            System.arraycopy(perDistances[q], 0, distances, (int) lims[q], perDistances[q].length);
        }
        return new RangeSearchResult(n, lims, labels, distances);
    }
}
