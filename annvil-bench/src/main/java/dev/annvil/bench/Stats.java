package dev.annvil.bench;

import java.util.Arrays;

/** Order statistics over timing samples, shared by the Annvil and FAISS numbers so both are summarised alike. */
public final class Stats {
    private Stats() {}

    /** Median (mean of the two middle values for an even count); NaN for no samples. */
    public static double median(double[] samples) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        double[] s = sorted(samples);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /**
     * Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it;
     * NaN for no samples.
     *
     * @param p percentile in (0, 100]
     */
    public static double percentile(double[] samples, double p) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        double[] s = sorted(samples);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.clamp(rank - 1, 0, s.length - 1)];
    }

    /** Smallest sample; NaN for no samples. */
    public static double min(double[] samples) {
        return Arrays.stream(samples).min().orElse(Double.NaN);
    }

    /** Largest sample; NaN for no samples. */
    public static double max(double[] samples) {
        return Arrays.stream(samples).max().orElse(Double.NaN);
    }

    private static double[] sorted(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        return s;
    }
}
