package dev.annvil.io;

import dev.annvil.Index;
import dev.annvil.IndexFlat;
import dev.annvil.IndexFlatIP;
import dev.annvil.IndexFlatL2;
import dev.annvil.IndexHNSW;
import dev.annvil.IndexIDMap;
import dev.annvil.IndexIDMap2;
import dev.annvil.IndexIVF;
import dev.annvil.IndexPQ;
import dev.annvil.IndexRefineFlat;
import dev.annvil.IndexScalarQuantizer;
import dev.annvil.MetricType;
import dev.annvil.impl.ProductQuantizer;
import dev.annvil.impl.ScalarQuantizer;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import dev.annvil.impl.ScalarQuantizer.RangeStat;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads and writes FAISS's own binary index files, byte for byte as FAISS 1.7.3 and later do:
 * little-endian, no padding, the fourcc of each record followed by its fields in FAISS's order
 * (see {@code shared/specs/faiss-file-format.md}).
 *
 * <p>Types supported: {@code IxF2} / {@code IxFI} / {@code IxFl} (IndexFlat), {@code IxPq}
 * (IndexPQ), {@code IxSQ} (IndexScalarQuantizer), {@code IwFl} (IndexIVFFlat), {@code IwPQ}
 * (IndexIVFPQ), {@code IwSq} (IndexIVFScalarQuantizer) with {@code ilar} inverted lists ({@code
 * full} or {@code sprs} sizes) and the direct map, {@code IHNf} / {@code IHNs} / {@code IHNp}
 * (IndexHNSWFlat / SQ / PQ), {@code IxMp} / {@code IxM2} (IndexIDMap / IndexIDMap2 over any of these) and {@code IxRF} (IndexRefineFlat). Any supported index may be nested where FAISS nests
 * one (e.g. an HNSW coarse quantizer). Others raise {@link FaissFormatException} naming the fourcc.
 *
 * <p>The reader never trusts a size field: every count is checked against the bytes that remain
 * before anything is allocated, nesting depth is bounded, and cross-field relations (dimensions,
 * code sizes, list totals against ntotal, quantizer ntotal against nlist, HNSW graph rules) are
 * checked, including the ones FAISS skips. Trailing bytes are ignored, as FAISS does. The writer
 * refuses an HNSW index with deletion marks (the format cannot hold them). A direct-map hashtable
 * is written sorted by id (FAISS's own order is its hash-table iteration order).
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp">faiss/impl/index_read.cpp</a>
 */
public final class IndexIO {
    static final int MAX_DEPTH = 16;
    static final long DUMMY = 1L << 20;
    static final int MAX_D = 1 << 20;

    private IndexIO() {}

    /**
     * Writes {@code index} to {@code path} (replaced if it exists).
     *
     * @throws IllegalArgumentException if the index type has no FAISS writer
     * @throws IOException on an I/O failure
     */
    public static void writeIndex(Index index, Path path) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            writeIndex(index, out);
        }
    }

    /**
     * Writes {@code index} to a stream (not closed).
     *
     * @throws IllegalArgumentException if the index type has no FAISS writer
     */
    public static void writeIndex(Index index, OutputStream out) throws IOException {
        Objects.requireNonNull(index, "index is null");
        FaissOutput w = new FaissOutput(out);
        write(index, w);
        w.flush();
    }

    static void write(Index index, FaissOutput w) throws IOException {
        if (index instanceof IndexFlat flat) {
            w.fourcc(
                    switch (flat.metricType()) {
                        case L2 -> "IxF2";
                        case INNER_PRODUCT -> "IxFI";
                        default -> "IxFl";
                    });
            header(flat, w);
            long floats = flat.ntotal() * flat.d();
            w.i64(floats);
            w.floats(flat.getXb(), (int) floats);
        } else if (index instanceof IndexIDMap idmap) {
            w.fourcc(index instanceof IndexIDMap2 ? "IxM2" : "IxMp");
            header(idmap, w);
            write(idmap.getIndex(), w);
            long[] ids = idmap.getIdMap();
            w.longVec(ids);
        } else if (index instanceof IndexPQ pq) {
            w.fourcc("IxPq");
            header(pq, w);
            writePQ(pq.pq(), w);
            w.byteVec(pq.getCodes(), (int) (pq.ntotal() * pq.codeSize()));
            w.i32(pq.searchType().ordinal());
            w.bool(pq.encodeSigns());
            w.i32(pq.polysemousHt());
        } else if (index instanceof IndexScalarQuantizer sq) {
            w.fourcc("IxSQ");
            header(sq, w);
            writeSQ(sq.sq(), w);
            w.byteVec(sq.getCodes(), (int) (sq.ntotal() * sq.codeSize()));
        } else if (index instanceof IndexIVF ivf) {
            IvfIO.write(ivf, w);
        } else if (index instanceof IndexHNSW hnsw) {
            HnswIO.write(hnsw, w);
        } else if (index instanceof IndexRefineFlat rf) {
            w.fourcc("IxRF");
            header(rf, w);
            write(rf.baseIndex(), w);
            write(rf.refineIndex(), w);
            w.f32(rf.kFactor());
        } else {
            throw new IllegalArgumentException(
                    "writeIndex: " + index.getClass().getSimpleName() + " has no FAISS writer");
        }
    }

    static void header(Index index, FaissOutput w) throws IOException {
        w.i32(index.d());
        w.i64(index.ntotal());
        w.i64(DUMMY);
        w.i64(DUMMY);
        w.bool(index.isTrained());
        w.i32(index.metricType().faissCode());
    }

    static void writePQ(ProductQuantizer pq, FaissOutput w) throws IOException {
        w.i64(pq.d());
        w.i64(pq.M());
        w.i64(pq.nbits());
        w.floatVec(pq.getCentroids());
    }

    static void writeSQ(ScalarQuantizer sq, FaissOutput w) throws IOException {
        w.i32(sq.qtype().ordinal());
        w.i32(sq.rangestat().ordinal());
        w.f32(sq.rangestatArg());
        w.i64(sq.d());
        w.i64(sq.codeSize());
        w.floatVec(sq.getTrained());
    }

    /**
     * Reads the index stored in {@code path}.
     *
     * @throws FaissFormatException if the file is not a valid FAISS file of a supported type
     * @throws IOException on an I/O failure
     */
    public static Index readIndex(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return readIndex(in, Files.size(path), path.toString());
        }
    }

    /**
     * Reads one index from a stream holding at most {@code maxBytes} bytes.
     *
     * @param source a name for error messages
     * @throws FaissFormatException if the data is not a valid FAISS index of a supported type
     */
    public static Index readIndex(InputStream in, long maxBytes, String source) throws IOException {
        FaissInput r = new FaissInput(new DataInputStream(new BufferedInputStream(in, 1 << 16)), maxBytes, source);
        return read(r, 0);
    }

    /** Reads one nested index record; the fourcc and offset of r name the innermost record. */
    static Index read(FaissInput r, int depth) throws IOException {
        long at = r.offset;
        String fourcc = r.fourcc();
        String outerFourcc = r.fourcc;
        long outerAt = r.recordAt;
        r.fourcc = fourcc;
        r.recordAt = at;
        if (depth > MAX_DEPTH) {
            throw r.error("nesting deeper than " + MAX_DEPTH);
        }
        Index result;
        try {
            result = readRecord(r, fourcc, depth);
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            throw r.error(e.getMessage());
        }
        r.fourcc = outerFourcc;
        r.recordAt = outerAt;
        return result;
    }

    private static Index readRecord(FaissInput r, String fourcc, int depth) throws IOException {
        switch (fourcc) {
            case "IxF2", "IxFI", "IxFl" -> {
                Header h = Header.read(r);
                long floats = r.i64();
                if (floats != h.ntotal * h.d) {
                    throw r.error("vector data holds " + floats + " floats but ntotal*d=" + h.ntotal * h.d);
                }
                if (h.ntotal > Integer.MAX_VALUE || floats > Integer.MAX_VALUE - 16) {
                    throw r.error("ntotal=" + h.ntotal + " x d=" + h.d + " is too large for IndexFlat");
                }
                if (fourcc.equals("IxF2") && h.metric != MetricType.L2
                        || fourcc.equals("IxFI") && h.metric != MetricType.INNER_PRODUCT) {
                    throw r.error("metric " + h.metric + " does not match the fourcc");
                }
                float[] xb = r.floats(floats, "flat vectors");
                IndexFlat flat = switch (fourcc) {
                    case "IxF2" -> new IndexFlatL2(h.d);
                    case "IxFI" -> new IndexFlatIP(h.d);
                    default -> new IndexFlat(h.d, h.metric);
                };
                flat.add((int) h.ntotal, xb);
                return flat;
            }
            case "IxMp", "IxM2" -> {
                Header h = Header.read(r);
                Index inner = read(r, depth + 1);
                long count = r.i64();
                if (count != h.ntotal || inner.ntotal() != h.ntotal || inner.d() != h.d) {
                    throw r.error("id_map length " + count + ", inner ntotal " + inner.ntotal() + " and inner d "
                            + inner.d() + " disagree with header ntotal " + h.ntotal + ", d " + h.d);
                }
                long[] ids = r.longs(count, "id_map");
                IndexIDMap map = fourcc.equals("IxM2") ? new IndexIDMap2(inner, ids) : new IndexIDMap(inner, ids);
                return map;
            }
            case "IxPq" -> {
                Header h = Header.read(r);
                ProductQuantizer src = readPQ(r, h.d);
                IndexPQ pq = new IndexPQ(h.d, src.M(), src.nbits(), h.metric);
                pq.pq().setCentroids(src.getCentroids());
                pq.setTrained(h.isTrained);
                byte[] codes = readCodes(r, h.ntotal, pq.codeSize());
                pq.setCodes(codes);
                int st = r.i32();
                if (st < 0 || st >= IndexPQ.SearchType.values().length) {
                    throw r.error("search_type=" + st + " is not 0..5");
                }
                pq.setSearchType(IndexPQ.SearchType.values()[st]);
                pq.setEncodeSigns(r.bool("encode_signs"));
                pq.setPolysemousHt(r.i32());
                return pq;
            }
            case "IxSQ" -> {
                Header h = Header.read(r);
                ScalarQuantizer src = readSQ(r, h.d, h.isTrained);
                IndexScalarQuantizer sq = new IndexScalarQuantizer(h.d, src.qtype(), h.metric);
                copySQ(src, sq.sq());
                sq.setTrained(h.isTrained);
                sq.setCodes(readCodes(r, h.ntotal, sq.codeSize()));
                return sq;
            }
            case "IwFl", "IwPQ", "IwSq" -> {
                return IvfIO.read(r, fourcc, depth);
            }
            case "IHNf", "IHNs", "IHNp" -> {
                return HnswIO.read(r, fourcc, depth);
            }
            case "IxRF" -> {
                Header h = Header.read(r);
                Index base = read(r, depth + 1);
                Index refine = read(r, depth + 1);
                float kFactor = r.f32();
                if (!(refine instanceof IndexFlat rf)) {
                    throw r.error("only IndexRefineFlat is supported: the refine index is "
                            + refine.getClass().getSimpleName());
                }
                if (base.d() != h.d || refine.d() != h.d || base.ntotal() != h.ntotal || refine.ntotal() != h.ntotal) {
                    throw r.error("base (d " + base.d() + ", ntotal " + base.ntotal() + ") and refine (d "
                            + refine.d() + ", ntotal " + refine.ntotal() + ") disagree with header d " + h.d
                            + ", ntotal " + h.ntotal);
                }
                if (!(kFactor >= 1 && kFactor <= 1000)) {
                    throw r.error("k_factor=" + kFactor + " is outside [1, 1000]");
                }
                if (base.metricType() != h.metric || refine.metricType() != h.metric) {
                    throw r.error("base and refine metrics disagree with the header");
                }
                IndexRefineFlat out = new IndexRefineFlat(base, rf.getXb());
                out.setKFactor(kFactor);
                return out;
            }
            case "null" -> throw r.error("absent index (null) is not supported");
            default -> throw r.error("index type not supported");
        }
    }

    /** A vec&lt;u8&gt; of exactly ntotal * codeSize bytes. */
    static byte[] readCodes(FaissInput r, long ntotal, int codeSize) throws IOException {
        long n = r.i64();
        if (ntotal > Integer.MAX_VALUE || n != ntotal * codeSize) {
            throw r.error("codes hold " + n + " bytes but ntotal*code_size=" + ntotal + "*" + codeSize);
        }
        return r.bytes(n, "codes");
    }

    /** A ProductQuantizer block for dimension d, centroids set. */
    static ProductQuantizer readPQ(FaissInput r, int d) throws IOException {
        long pd = r.u64In("pq.d", d, d);
        long m = r.u64In("pq.M", 1, d);
        long nbits = r.u64In("pq.nbits", 1, 16);
        if (pd % m != 0) {
            throw r.error("pq.d=" + pd + " is not a multiple of M=" + m);
        }
        long n = r.i64();
        if (n != pd << nbits) {
            throw r.error("pq centroids hold " + n + " floats but d*2^nbits=" + (pd << nbits));
        }
        float[] c = r.floats(n, "pq centroids");
        ProductQuantizer pq = new ProductQuantizer(d, (int) m, (int) nbits);
        pq.setCentroids(c);
        return pq;
    }

    /** A ScalarQuantizer block for dimension d. */
    static ScalarQuantizer readSQ(FaissInput r, int d, boolean trained) throws IOException {
        int qt = r.i32();
        if (qt < 0 || qt >= QuantizerType.values().length) {
            throw r.error("qtype=" + qt + " is not supported (0.." + (QuantizerType.values().length - 1) + ")");
        }
        int rs = r.i32();
        if (rs < 0 || rs >= RangeStat.values().length) {
            throw r.error("rangestat=" + rs + " is not 0..3");
        }
        float arg = r.f32();
        r.u64In("sq.d", d, d);
        ScalarQuantizer sq = new ScalarQuantizer(d, QuantizerType.fromFaiss(qt));
        r.u64In("sq.code_size", sq.codeSize(), sq.codeSize());
        float[] t = r.floatVec("sq trained");
        sq.setRangestat(RangeStat.values()[rs]);
        sq.setRangestatArg(arg);
        sq.setTrained(t);
        if (trained && !sq.isTrained()) {
            throw r.error("index is marked trained but the scalar quantizer has no trained ranges");
        }
        return sq;
    }

    static void copySQ(ScalarQuantizer from, ScalarQuantizer to) {
        to.setRangestat(from.rangestat());
        to.setRangestatArg(from.rangestatArg());
        to.setTrained(from.getTrained());
    }

    /** The float index header (§2.1). */
    record Header(int d, long ntotal, boolean isTrained, MetricType metric) {
        static Header read(FaissInput r) throws IOException {
            long at = r.offset;
            int d = r.i32();
            long ntotal = r.i64();
            r.i64();
            r.i64();
            boolean trained = r.bool("is_trained");
            int metricCode = r.i32();
            if (metricCode > 1) {
                r.i32(); // metric_arg, stored for metrics > 1
            }
            if (d < 1 || d > MAX_D || ntotal < 0 || ntotal > Integer.MAX_VALUE) {
                throw r.error("header at byte " + at + " has d=" + d + ", ntotal=" + ntotal);
            }
            if (metricCode != 0 && metricCode != 1) {
                throw r.error("metric_type=" + metricCode + " is not supported (0=IP, 1=L2)");
            }
            return new Header(d, ntotal, trained, MetricType.fromFaissCode(metricCode));
        }
    }
}
