package dev.annvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Factory strings and the structure they build, checked against what FAISS 1.7.3's index_factory
 * builds for the same strings (types, nlist, M, nbits, quantizer type, metric).
 */
class IndexFactoryTest {

    /** A compact description of an index's structure, in the spirit of FAISS's reverse factory. */
    static String describe(Index index) {
        StringBuilder s = new StringBuilder(index.getClass().getSimpleName());
        if (index instanceof IndexIDMap map) {
            s.append('[').append(describe(map.getIndex())).append(']');
        }
        if (index instanceof IndexRefineFlat refine) {
            s.append('[').append(describe(refine.baseIndex())).append(']');
        }
        if (index instanceof IndexIVF ivf) {
            s.append(" nlist=").append(ivf.nlist()).append(" q=").append(describe(ivf.quantizer()));
        }
        if (index instanceof IndexIVFPQ ivfpq) {
            s.append(" pq=")
                    .append(ivfpq.pq().M())
                    .append('x')
                    .append(ivfpq.pq().nbits());
        }
        if (index instanceof IndexPQ pq) {
            s.append(" pq=").append(pq.pq().M()).append('x').append(pq.pq().nbits());
        }
        if (index instanceof IndexIVFScalarQuantizer ivfsq) {
            s.append(" sq=").append(ivfsq.sq().qtype());
        }
        if (index instanceof IndexScalarQuantizer sq) {
            s.append(" sq=").append(sq.sq().qtype());
        }
        if (index instanceof IndexHNSW hnsw) {
            s.append(" M=")
                    .append(hnsw.M())
                    .append(" storage=")
                    .append(hnsw.storage().getClass().getSimpleName());
        }
        if (!(index instanceof IndexIDMap) && !(index instanceof IndexRefineFlat)) {
            s.append(' ').append(index.metricType());
        }
        return s.toString();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource(
            delimiter = '|',
            value = {
                "Flat                 | L2 | IndexFlatL2 L2",
                "Flat                 | IP | IndexFlatIP INNER_PRODUCT",
                "IDMap,Flat           | L2 | IndexIDMap[IndexFlatL2 L2]",
                "IDMap2,Flat          | IP | IndexIDMap2[IndexFlatIP INNER_PRODUCT]",
                "IVF16,Flat           | L2 | IndexIVFFlat nlist=16 q=IndexFlatL2 L2 L2",
                "IVF16,Flat           | IP | IndexIVFFlat nlist=16 q=IndexFlatIP INNER_PRODUCT INNER_PRODUCT",
                "IVF4k,Flat           | L2 | IndexIVFFlat nlist=4096 q=IndexFlatL2 L2 L2",
                "IVF1M,Flat           | L2 | IndexIVFFlat nlist=1048576 q=IndexFlatL2 L2 L2",
                "IVF16_HNSW32,Flat    | L2 | IndexIVFFlat nlist=16 q=IndexHNSWFlat M=32 storage=IndexFlatL2 L2 L2",
                "IVF16_HNSW,Flat      | L2 | IndexIVFFlat nlist=16 q=IndexHNSWFlat M=32 storage=IndexFlatL2 L2 L2",
                "IVF16,PQ8            | L2 | IndexIVFPQ nlist=16 q=IndexFlatL2 L2 pq=8x8 L2",
                "IVF16,PQ8x4          | L2 | IndexIVFPQ nlist=16 q=IndexFlatL2 L2 pq=8x4 L2",
                "IVF16,PQ8x6          | IP | IndexIVFPQ nlist=16 q=IndexFlatIP INNER_PRODUCT pq=8x6 INNER_PRODUCT",
                "IVF16,SQ8            | L2 | IndexIVFScalarQuantizer nlist=16 q=IndexFlatL2 L2 sq=QT_8bit L2",
                "IVF16,SQ4            | L2 | IndexIVFScalarQuantizer nlist=16 q=IndexFlatL2 L2 sq=QT_4bit L2",
                "IVF16,SQ6            | L2 | IndexIVFScalarQuantizer nlist=16 q=IndexFlatL2 L2 sq=QT_6bit L2",
                "IVF16,SQfp16         | L2 | IndexIVFScalarQuantizer nlist=16 q=IndexFlatL2 L2 sq=QT_fp16 L2",
                "PQ8                  | L2 | IndexPQ pq=8x8 L2",
                "PQ8x4                | IP | IndexPQ pq=8x4 INNER_PRODUCT",
                "PQ8np                | L2 | IndexPQ pq=8x8 L2",
                "SQ8                  | L2 | IndexScalarQuantizer sq=QT_8bit L2",
                "SQ4                  | L2 | IndexScalarQuantizer sq=QT_4bit L2",
                "SQ6                  | IP | IndexScalarQuantizer sq=QT_6bit INNER_PRODUCT",
                "SQfp16               | L2 | IndexScalarQuantizer sq=QT_fp16 L2",
                "HNSW32               | L2 | IndexHNSWFlat M=32 storage=IndexFlatL2 L2",
                "HNSW                 | L2 | IndexHNSWFlat M=32 storage=IndexFlatL2 L2",
                "HNSW16,Flat          | IP | IndexHNSWFlat M=16 storage=IndexFlatIP INNER_PRODUCT",
                "HNSW32,SQ8           | L2 | IndexHNSWSQ M=32 storage=IndexScalarQuantizer L2",
                "HNSW32_SQ8           | L2 | IndexHNSWSQ M=32 storage=IndexScalarQuantizer L2",
                "HNSW32,PQ8           | L2 | IndexHNSWPQ M=32 storage=IndexPQ L2",
                "HNSW32_PQ8           | L2 | IndexHNSWPQ M=32 storage=IndexPQ L2",
                "Flat,RFlat           | L2 | IndexRefineFlat[IndexFlatL2 L2]",
                "PQ8,RFlat            | L2 | IndexRefineFlat[IndexPQ pq=8x8 L2]",
                "IVF16,PQ8,RFlat      | L2 | IndexRefineFlat[IndexIVFPQ nlist=16 q=IndexFlatL2 L2 pq=8x8 L2]",
                "PQ8,Refine(Flat)     | L2 | IndexRefineFlat[IndexPQ pq=8x8 L2]",
                "IDMap,IVF16,Flat     | L2 | IndexIDMap[IndexIVFFlat nlist=16 q=IndexFlatL2 L2 L2]",
                "IDMap,HNSW32         | L2 | IndexIDMap[IndexHNSWFlat M=32 storage=IndexFlatL2 L2]",
                "IDMap2,PQ8           | L2 | IndexIDMap2[IndexPQ pq=8x8 L2]",
                " IVF16 , Flat        | L2 | IndexIVFFlat nlist=16 q=IndexFlatL2 L2 L2",
            })
    void buildsTheStructureFaissBuilds(String description, String metric, String expected) {
        Index index = IndexFactory.create(64, description, IndexFactory.metric(metric));
        assertThat(describe(index)).as(description).isEqualTo(expected);
        assertThat(index.d()).isEqualTo(64);
        assertThat(index.ntotal()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bogus           | could not parse \"bogus\"",
                "IVFx,Flat       | could not parse \"IVFx\"",
                "PQ8x            | could not parse \"PQ8x\"",
                "IVF16,Flatx     | could not parse \"Flatx\"",
                "IVF16           | IVF needs an encoding",
                "SQ8_direct      | could not parse \"SQ8_direct\"",
                "PCA32,Flat      | \"PCA32\" in \"PCA32,Flat\" is not supported yet",
                "OPQ16_64,IVF16,PQ16 | \"OPQ16_64\" in \"OPQ16_64,IVF16,PQ16\" is not supported yet",
                "IVF16,PQ8+8     | \"PQ8+8\" in \"IVF16,PQ8+8\" is not supported yet",
                "PQ7             | does not fit d=64",
            })
    void rejectsWithTheOffendingToken(String description, String message) {
        assertThatThrownBy(() -> IndexFactory.create(64, description, MetricType.L2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}: {1}={2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "IVF16,Flat | nprobe | 7",
                "IDMap,IVF16,Flat | nprobe | 5",
                "HNSW32 | efSearch | 99",
                "PQ8,RFlat | k_factor | 4"
            })
    void parameterSpaceSetsByName(String description, String name, double value) {
        Index index = IndexFactory.create(64, description, MetricType.L2);
        ParameterSpace.setIndexParameter(index, name, value);
        Index target = index instanceof IndexIDMap map ? map.getIndex() : index;
        switch (name) {
            case "nprobe" -> assertThat(((IndexIVF) target).nprobe()).isEqualTo((int) value);
            case "efSearch" -> assertThat(((IndexHNSW) target).efSearch()).isEqualTo((int) value);
            default -> assertThat(((IndexRefineFlat) target).kFactor()).isEqualTo((float) value);
        }
        assertThatThrownBy(() -> ParameterSpace.setIndexParameter(index, name, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParameterSpace.setIndexParameter(new IndexFlatL2(8), name, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not apply to IndexFlatL2");
    }
}
