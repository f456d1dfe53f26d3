package dev.annvil.io;

import dev.annvil.Index;
import dev.annvil.IndexIVF;
import dev.annvil.IndexIVFFlat;
import dev.annvil.IndexIVFPQ;
import dev.annvil.IndexIVFScalarQuantizer;
import dev.annvil.impl.ProductQuantizer;
import dev.annvil.impl.ScalarQuantizer;
import dev.annvil.invlists.ArrayInvertedLists;
import dev.annvil.invlists.DirectMap;
import dev.annvil.invlists.FloatArrayInvertedLists;
import dev.annvil.invlists.InvertedLists;
import java.io.IOException;
import java.util.Arrays;

/** The IVF family ({@code IwFl}, {@code IwPQ}, {@code IwSq}): ivf header, direct map and {@code ilar} lists. */
final class IvfIO {
    private IvfIO() {}

    static void write(IndexIVF ivf, FaissOutput w) throws IOException {
        String fourcc;
        if (ivf instanceof IndexIVFFlat) {
            fourcc = "IwFl";
        } else if (ivf instanceof IndexIVFPQ) {
            fourcc = "IwPQ";
        } else if (ivf instanceof IndexIVFScalarQuantizer) {
            fourcc = "IwSq";
        } else {
            throw new IllegalArgumentException(
                    "writeIndex: " + ivf.getClass().getSimpleName() + " has no FAISS writer");
        }
        w.fourcc(fourcc);
        IndexIO.header(ivf, w);
        w.i64(ivf.nlist());
        w.i64(ivf.nprobe());
        IndexIO.write(ivf.quantizer(), w);
        writeDirectMap(ivf, w);
        if (ivf instanceof IndexIVFPQ pq) {
            w.bool(pq.byResidual());
            w.i64(pq.codeSize());
            IndexIO.writePQ(pq.pq(), w);
        } else if (ivf instanceof IndexIVFScalarQuantizer sq) {
            IndexIO.writeSQ(sq.sq(), w);
            w.i64(sq.codeSize());
            w.bool(sq.byResidual());
        }
        writeInvlists(ivf.invlists(), w);
    }

    private static void writeDirectMap(IndexIVF ivf, FaissOutput w) throws IOException {
        DirectMap dm = ivf.directMap();
        w.u8(dm.type().faissCode());
        InvertedLists il = ivf.invlists();
        if (dm.type() == DirectMap.Type.ARRAY) {
            long n = ivf.ntotal();
            w.i64(n);
            for (long i = 0; i < n; i++) {
                w.i64(dm.get(i));
            }
        } else {
            w.i64(0);
        }
        if (dm.type() == DirectMap.Type.HASHTABLE) {
            long total = il.computeNtotal();
            long[] keys = new long[(int) total];
            int k = 0;
            for (int l = 0; l < il.nlist(); l++) {
                long[] ids = il.getIds(l);
                int size = il.listSize(l);
                System.arraycopy(ids, 0, keys, k, size);
                k += size;
            }
            Arrays.sort(keys);
            int distinct = 0;
            for (int i = 0; i < keys.length; i++) {
                if (i == 0 || keys[i] != keys[i - 1]) {
                    keys[distinct++] = keys[i];
                }
            }
            w.i64(distinct);
            for (int i = 0; i < distinct; i++) {
                w.i64(keys[i]);
                w.i64(dm.get(keys[i]));
            }
        }
    }

    private static void writeInvlists(InvertedLists il, FaissOutput w) throws IOException {
        w.fourcc("ilar");
        int nlist = il.nlist();
        int cs = il.codeSize();
        w.i64(nlist);
        w.i64(cs);
        int nonEmpty = 0;
        for (int l = 0; l < nlist; l++) {
            if (il.listSize(l) > 0) {
                nonEmpty++;
            }
        }
        if (nonEmpty > nlist / 2) {
            w.fourcc("full");
            w.i64(nlist);
            for (int l = 0; l < nlist; l++) {
                w.i64(il.listSize(l));
            }
        } else {
            w.fourcc("sprs");
            w.i64(2L * nonEmpty);
            for (int l = 0; l < nlist; l++) {
                if (il.listSize(l) > 0) {
                    w.i64(l);
                    w.i64(il.listSize(l));
                }
            }
        }
        for (int l = 0; l < nlist; l++) {
            int size = il.listSize(l);
            if (size > 0) {
                w.bytes(il.getCodes(l), 0, size * cs);
                w.longs(il.getIds(l), size);
            }
        }
    }

    static Index read(FaissInput r, String fourcc, int depth) throws IOException {
        IndexIO.Header h = IndexIO.Header.read(r);
        long nlist = r.u64In("nlist", 1, Integer.MAX_VALUE - 16);
        long nprobe = r.u64In("nprobe", 1, Integer.MAX_VALUE);
        Index quantizer = IndexIO.read(r, depth + 1);
        if (quantizer.d() != h.d()) {
            throw r.error("quantizer has d=" + quantizer.d() + " but the index d=" + h.d());
        }
        if (h.isTrained() && quantizer.ntotal() != nlist) {
            throw r.error("trained index with nlist=" + nlist + " but the quantizer holds " + quantizer.ntotal()
                    + " centroids");
        }
        long dmAt = r.offset;
        int dmType = r.u8();
        if (dmType > 2) {
            throw r.error("direct map type=" + dmType + " at byte " + dmAt + " is not 0, 1 or 2");
        }
        long[] dmArray = r.longVec("direct map array");
        long[] dmPairs = dmType == 2 ? r.longs(Math.multiplyExact(r.i64(), 2L), "direct map hashtable") : null;
        if (dmType != 1 && dmArray.length != 0) {
            throw r.error("direct map of type " + dmType + " has " + dmArray.length + " array entries");
        }
        IndexIVF ivf;
        switch (fourcc) {
            case "IwFl" -> ivf = new IndexIVFFlat(quantizer, h.d(), (int) nlist, h.metric());
            case "IwPQ" -> {
                boolean byResidual = r.bool("by_residual");
                long cs = r.i64();
                ProductQuantizer src = IndexIO.readPQ(r, h.d());
                if (cs != src.codeSize()) {
                    throw r.error("code_size=" + cs + " but the product quantizer's is " + src.codeSize());
                }
                IndexIVFPQ pq = new IndexIVFPQ(quantizer, h.d(), (int) nlist, src.M(), src.nbits(), h.metric());
                pq.setByResidual(byResidual);
                pq.pq().setCentroids(src.getCentroids());
                ivf = pq;
            }
            case "IwSq" -> {
                ScalarQuantizer src = IndexIO.readSQ(r, h.d(), h.isTrained());
                r.u64In("code_size", src.codeSize(), src.codeSize());
                boolean byResidual = r.bool("by_residual");
                IndexIVFScalarQuantizer sq =
                        new IndexIVFScalarQuantizer(quantizer, h.d(), (int) nlist, src.qtype(), h.metric(), byResidual);
                IndexIO.copySQ(src, sq.sq());
                ivf = sq;
            }
            default -> throw r.error("index type not supported");
        }
        ivf.setNprobe((int) nprobe);
        ivf.setTrained(h.isTrained());
        InvertedLists il = readInvlists(r, ivf, h.d());
        if (il.computeNtotal() != h.ntotal()) {
            throw r.error("inverted lists hold " + il.computeNtotal() + " vectors but the header ntotal=" + h.ntotal());
        }
        ivf.replaceInvlists(il);
        DirectMap.Type type = DirectMap.Type.fromFaissCode(dmType);
        try {
            ivf.setDirectMapType(type);
        } catch (IllegalArgumentException e) {
            throw r.error("direct map: " + e.getMessage());
        }
        if (type == DirectMap.Type.ARRAY) {
            if (dmArray.length != h.ntotal()) {
                throw r.error("direct map array has " + dmArray.length + " entries for ntotal=" + h.ntotal());
            }
            for (int i = 0; i < dmArray.length; i++) {
                if (dmArray[i] != ivf.directMap().get(i)) {
                    throw r.error("direct map entry " + i + " does not match the inverted lists");
                }
            }
        } else if (type == DirectMap.Type.HASHTABLE) {
            for (int i = 0; i < dmPairs.length; i += 2) {
                long lo;
                try {
                    lo = ivf.directMap().get(dmPairs[i]);
                } catch (IllegalArgumentException e) {
                    throw r.error("direct map id " + dmPairs[i] + " is not in the inverted lists");
                }
                if (lo != dmPairs[i + 1]) {
                    throw r.error("direct map entry for id " + dmPairs[i] + " does not match the inverted lists");
                }
            }
        }
        return ivf;
    }

    private static InvertedLists readInvlists(FaissInput r, IndexIVF ivf, int d) throws IOException {
        long at = r.offset;
        String fourcc = r.fourcc();
        if (!fourcc.equals("ilar")) {
            throw r.error(at, fourcc, "inverted lists of type " + fourcc + " are not supported (only ilar)");
        }
        int nlist = ivf.nlist();
        int cs = ivf.codeSize();
        r.u64In("ilar nlist", nlist, nlist);
        r.u64In("ilar code_size", cs, cs);
        long[] sizes = new long[0];
        String listType = r.fourcc();
        long n = r.i64();
        switch (listType) {
            case "full" -> {
                if (n != nlist) {
                    throw r.error(at, fourcc, "full sizes vector has " + n + " entries for nlist=" + nlist);
                }
                sizes = r.longs(n, "list sizes");
            }
            case "sprs" -> {
                if (n % 2 != 0 || n / 2 > nlist) {
                    throw r.error(at, fourcc, "sparse sizes vector has " + n + " entries for nlist=" + nlist);
                }
                long[] pairs = r.longs(n, "list sizes");
                sizes = new long[nlist];
                for (int i = 0; i < pairs.length; i += 2) {
                    if (pairs[i] < 0 || pairs[i] >= nlist) {
                        throw r.error(at, fourcc, "list number " + pairs[i] + " outside [0, " + nlist + ")");
                    }
                    sizes[(int) pairs[i]] = pairs[i + 1];
                }
            }
            default -> throw r.error(at, fourcc, "list size encoding " + listType + " is not full or sprs");
        }
        long total = 0;
        for (int l = 0; l < nlist; l++) {
            if (sizes[l] < 0 || sizes[l] > r.remaining() / (cs + 8L)) {
                throw r.error(
                        at,
                        fourcc,
                        "list " + l + " claims " + sizes[l] + " entries, more than the " + r.remaining()
                                + " bytes that remain");
            }
            total += sizes[l];
        }
        r.need(total, cs + 8, "inverted list data");
        InvertedLists il =
                ivf instanceof IndexIVFFlat ? new FloatArrayInvertedLists(nlist, d) : new ArrayInvertedLists(nlist, cs);
        for (int l = 0; l < nlist; l++) {
            int size = (int) sizes[l];
            if (size > 0) {
                byte[] codes = r.bytes((long) size * cs, "list codes");
                long[] ids = r.longs(size, "list ids");
                il.addEntries(l, size, ids, 0, codes, 0);
            }
        }
        return il;
    }
}
