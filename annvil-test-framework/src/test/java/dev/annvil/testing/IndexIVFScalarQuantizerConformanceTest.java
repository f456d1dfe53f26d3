package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexFlatIP;
import dev.annvil.IndexFlatL2;
import dev.annvil.IndexIVFScalarQuantizer;
import dev.annvil.MetricType;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import dev.annvil.invlists.DirectMap;

/**
 * IndexIVFScalarQuantizer QT_8bit by residual through the conformance suite: nlist = 8, all
 * visited (nprobe = nlist), trained inside createIndex on 2,000 seeded uniform vectors (the
 * suite's distribution); HASHTABLE direct map for reconstruct. Measured 10-recall@10: 0.9975 (L2)
 * and 0.9875 (inner product).
 */
class IndexIVFScalarQuantizerConformanceTest extends BaseQuantizerIndexTestCase {
    private static final int NLIST = 8;

    IndexIVFScalarQuantizerConformanceTest() {
        super(Codes.SQ_8BIT, Structure.IVF_ALL_LISTS);
    }

    @Override
    protected Index createIndex(int d) {
        Index q = metric() == MetricType.L2 ? new IndexFlatL2(d) : new IndexFlatIP(d);
        IndexIVFScalarQuantizer index = new IndexIVFScalarQuantizer(q, d, NLIST, QuantizerType.QT_8bit, metric());
        index.train(2000, TestData.uniform(SEED + 77, 2000, d));
        index.setNprobe(NLIST);
        index.setDirectMapType(DirectMap.Type.HASHTABLE);
        return index;
    }

    /** Half a cell of 8 bits over the residuals' range (narrower than the data's), with margin. */
    @Override
    protected double reconstructTolerance() {
        return 1.0 / 255 + 1e-3;
    }
}
