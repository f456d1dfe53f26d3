package dev.annvil.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annvil.MetricType;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** index_type parsing (faissx-protocol.md §7.2, §7.5). */
class IndexTypesTest {
    private static final MetricType L2 = MetricType.L2;
    private static final MetricType IP = MetricType.INNER_PRODUCT;

    @Test
    void referenceStrings() {
        assertThat(IndexTypes.parse("L2")).isEqualTo(new IndexSpec.Flat(L2));
        assertThat(IndexTypes.parse("Flat")).isEqualTo(new IndexSpec.Flat(L2));
        assertThat(IndexTypes.parse("IP")).isEqualTo(new IndexSpec.Flat(IP));
        assertThat(IndexTypes.parse("HNSW")).isEqualTo(new IndexSpec.Hnsw(32, L2));
        assertThat(IndexTypes.parse("HNSW16")).isEqualTo(new IndexSpec.Hnsw(16, L2));
        assertThat(IndexTypes.parse("HNSWx")).isEqualTo(new IndexSpec.Hnsw(32, L2));
        assertThat(IndexTypes.parse("IVF")).isEqualTo(new IndexSpec.IvfFlat(100, L2));
        assertThat(IndexTypes.parse("IVF_IP")).isEqualTo(new IndexSpec.IvfFlat(100, IP));
        assertThat(IndexTypes.parse("IVF4_SQ0")).isEqualTo(new IndexSpec.IvfSq(4, QuantizerType.QT_8bit, L2));
        assertThat(IndexTypes.parse("IVF4_SQ8"))
                .isEqualTo(new IndexSpec.IvfSq(4, QuantizerType.QT_8bit_direct_signed, L2));
        assertThat(IndexTypes.parse("IVF4_SQ0,foo")).isEqualTo(new IndexSpec.IvfSq(4, QuantizerType.QT_8bit, L2));
        assertThat(IndexTypes.parse("PQ")).isEqualTo(new IndexSpec.Pq(8, 8, L2));
        assertThat(IndexTypes.parse("PQ_IP")).isEqualTo(new IndexSpec.Pq(8, 8, IP));
        assertThat(IndexTypes.parse("PQ4x8")).isEqualTo(new IndexSpec.Pq(4, 8, L2));
        assertThat(IndexTypes.parse("PQ4x2")).isEqualTo(new IndexSpec.Pq(4, 2, L2));
        assertThat(IndexTypes.parse("PQ4x8,Flat")).isEqualTo(new IndexSpec.Pq(4, 8, L2));
        assertThat(IndexTypes.parse("IDMap:L2")).isEqualTo(new IndexSpec.IdMap(false, "L2", "IDMap:L2"));
        assertThat(IndexTypes.parse("IDMap2:IVF16")).isEqualTo(new IndexSpec.IdMap(true, "IVF16", "IDMap2:IVF16"));
    }

    @Test
    void clientStringsTheReferenceRejects() {
        assertThat(IndexTypes.parse("IVF16")).isEqualTo(new IndexSpec.IvfFlat(16, L2));
        assertThat(IndexTypes.parse("IVF16_IP")).isEqualTo(new IndexSpec.IvfFlat(16, IP));
        assertThat(IndexTypes.parse("IVF100,Flat")).isEqualTo(new IndexSpec.IvfFlat(100, L2));
        assertThat(IndexTypes.parse("IVF50,PQ8x8")).isEqualTo(new IndexSpec.IvfPq(50, 8, 8, L2));
        assertThat(IndexTypes.parse("IVF50,PQ8")).isEqualTo(new IndexSpec.IvfPq(50, 8, 8, L2));
        assertThat(IndexTypes.parse("IVF50,PQ8x4_IP")).isEqualTo(new IndexSpec.IvfPq(50, 8, 4, IP));
        assertThat(IndexTypes.parse("IVF16,SQ8")).isEqualTo(new IndexSpec.IvfSq(16, QuantizerType.QT_8bit, L2));
        assertThat(IndexTypes.parse("PQ4")).isEqualTo(new IndexSpec.Pq(4, 8, L2));
        assertThat(IndexTypes.parse("PQ2x4_IP")).isEqualTo(new IndexSpec.Pq(2, 4, IP));
        assertThat(IndexTypes.parse("IVF4_SQ0_IP")).isEqualTo(new IndexSpec.IvfSq(4, QuantizerType.QT_8bit, IP));
        assertThat(IndexTypes.parse("HNSW16_IP")).isEqualTo(new IndexSpec.Hnsw(16, IP));
        assertThat(IndexTypes.parse("HNSW32,Flat")).isEqualTo(new IndexSpec.Hnsw(32, L2));
        assertThat(IndexTypes.parse("SQ8")).isEqualTo(new IndexSpec.Sq(QuantizerType.QT_8bit, L2));
        assertThat(IndexTypes.parse("SQ4")).isEqualTo(new IndexSpec.Sq(QuantizerType.QT_4bit, L2));
        assertThat(IndexTypes.parse("SQ6")).isEqualTo(new IndexSpec.Sq(QuantizerType.QT_6bit, L2));
        assertThat(IndexTypes.parse("SQ16")).isEqualTo(new IndexSpec.Sq(QuantizerType.QT_fp16, L2));
        assertThat(IndexTypes.parse("SQ0")).isEqualTo(new IndexSpec.Sq(QuantizerType.QT_8bit, L2));
        assertThat(IndexTypes.parse("SQ2")).isEqualTo(new IndexSpec.Sq(QuantizerType.QT_8bit_uniform, L2));
        assertThat(IndexTypes.parse("SQ8_IP")).isEqualTo(new IndexSpec.Sq(QuantizerType.QT_8bit, IP));
        assertThat(IndexTypes.parse("SQfp16")).isEqualTo(new IndexSpec.Sq(QuantizerType.QT_fp16, L2));
        assertThat(IndexTypes.parse("SQ8_direct_signed"))
                .isEqualTo(new IndexSpec.Sq(QuantizerType.QT_8bit_direct_signed, L2));
    }

    @Test
    void otherStringsAreFactoryStrings() {
        assertThat(IndexTypes.parse("HNSW32,SQ8")).isEqualTo(new IndexSpec.Factory("HNSW32,SQ8"));
        assertThat(IndexTypes.parse("IDMap,Flat")).isEqualTo(new IndexSpec.Factory("IDMap,Flat"));
        assertThat(IndexTypes.parse("l2")).isEqualTo(new IndexSpec.Factory("l2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BINARY", "BINARY_FLAT", "BINARY_IVF16", "PCA4,L2", "NORM,L2", "L2NORM,Flat", "OPQ4_8,L2"})
    void typesWithoutCoreClassesAreNotSupportedYet(String type) {
        assertThatThrownBy(() -> IndexTypes.parse(type))
                .isInstanceOf(ServiceException.class)
                .hasMessage("Unsupported index type: " + type + " (not supported yet: "
                        + (type.startsWith("BINARY")
                                ? "binary (Hamming) indexes have no core classes yet)"
                                : "pre-transform indexes (PCA, OPQ, NORM/L2NORM, ITQ, RR) have no core classes yet)"))
                .extracting(e -> ((ServiceException) e).code())
                .isEqualTo(ErrorCode.UNSUPPORTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "HNSW0", "HNSW1", "IVF0", "IVF4_SQ9", "PQ0", "PQ0x8", "IVF99999999"})
    void badParametersAreUnsupported(String type) {
        assertThatThrownBy(() -> IndexTypes.parse(type))
                .isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("Unsupported index type: " + type);
    }

    @Test
    void factoryStrings() {
        assertThat(IndexService.build(IndexTypes.parsePlain("HNSW32,SQ8"), "HNSW32,SQ8", 8))
                .isInstanceOf(dev.annvil.IndexHNSWSQ.class);
        assertThatThrownBy(() -> IndexService.build(IndexTypes.parsePlain("LSH"), "LSH", 8))
                .isInstanceOf(ServiceException.class)
                .hasMessageStartingWith("Unsupported index type: LSH (not supported yet");
        assertThatThrownBy(() -> IndexService.build(IndexTypes.parsePlain("l2"), "l2", 8))
                .isInstanceOf(ServiceException.class)
                .hasMessage("Unsupported index type: l2");
        assertThat(IndexTypes.parsePlain("IDMap,Flat").build(8).d()).isEqualTo(8);
    }

    @Test
    void ivfPqAndIvfSqUseTheCoreConstructors() {
        assertThat(IndexService.build(IndexTypes.parsePlain("IVF4_SQ2"), "IVF4_SQ2", 8))
                .isInstanceOf(dev.annvil.IndexIVFScalarQuantizer.class);
        assertThat(IndexService.build(IndexTypes.parsePlain("IVF4,PQ4x4_IP"), "IVF4,PQ4x4_IP", 8)
                        .metricType())
                .isEqualTo(IP);
    }
}
