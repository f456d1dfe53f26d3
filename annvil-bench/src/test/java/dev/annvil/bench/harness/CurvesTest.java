package dev.annvil.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurvesTest {
    private static CurvePoint p(double recall, double qps) {
        return new CurvePoint(1, 1, recall, recall, recall, new double[] {qps}, new double[] {qps / 10}, new double[0]);
    }

    @Test
    void interpolatesLinearlyInRecallAndLogQps() {
        // Frontier (0.80, 1000), (0.90, 400), (1.0, 100); (0.85, 300) is dominated by (0.90, 400).
        List<CurvePoint> c = List.of(p(0.90, 400), p(0.80, 1000), p(1.0, 100), p(0.85, 300));
        assertThat(Curves.qpsAt(c, 0.90, true)).isCloseTo(400, within(1e-9));
        // halfway between 0.90 (400) and 1.0 (100) in log space: sqrt(400 * 100) = 200
        assertThat(Curves.qpsAt(c, 0.95, true)).isCloseTo(200, within(1e-9));
        assertThat(Curves.qpsAt(c, 0.95, false)).isCloseTo(20, within(1e-9));
        // below the lowest recall: the fastest point, no extrapolation
        assertThat(Curves.qpsAt(c, 0.5, true)).isCloseTo(1000, within(1e-9));
    }

    @Test
    void unreachableRecallIsNaNAndASinglePointCoversEverythingBelowIt() {
        List<CurvePoint> exact = List.of(p(0.9999, 2500));
        assertThat(Curves.qpsAt(exact, 0.99, true)).isEqualTo(2500);
        assertThat(Curves.qpsAt(List.of(p(0.93, 10)), 0.95, true)).isNaN();
        assertThat(Curves.qpsAt(List.of(), 0.9, true)).isNaN();
    }
}
