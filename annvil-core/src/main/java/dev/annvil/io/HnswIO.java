package dev.annvil.io;

import dev.annvil.Index;
import dev.annvil.IndexFlat;
import dev.annvil.IndexHNSW;
import dev.annvil.IndexHNSWFlat;
import dev.annvil.IndexHNSWPQ;
import dev.annvil.IndexHNSWSQ;
import dev.annvil.IndexPQ;
import dev.annvil.IndexScalarQuantizer;
import dev.annvil.impl.HNSW;
import java.io.IOException;

/** The HNSW family ({@code IHNf}, {@code IHNs}, {@code IHNp}): header, graph, storage. */
final class HnswIO {
    private static final int MAX_LEVELS = 64;

    private HnswIO() {}

    static void write(IndexHNSW index, FaissOutput w) throws IOException {
        String fourcc;
        if (index instanceof IndexHNSWFlat) {
            fourcc = "IHNf";
        } else if (index instanceof IndexHNSWSQ) {
            fourcc = "IHNs";
        } else if (index instanceof IndexHNSWPQ) {
            fourcc = "IHNp";
        } else {
            throw new IllegalArgumentException(
                    "writeIndex: " + index.getClass().getSimpleName() + " has no FAISS writer");
        }
        if (index.ntotal() != index.nodeCount()) {
            throw new IllegalArgumentException("writeIndex: " + fourcc + " has "
                    + (index.nodeCount() - index.ntotal())
                    + " vectors marked deleted, which FAISS's file format cannot hold");
        }
        w.fourcc(fourcc);
        IndexIO.header(index, w);
        HNSW h = index.hnsw();
        w.doubleVec(h.assignProbas());
        w.intVec(h.cumNneighborPerLevel());
        w.intVec(h.levels());
        w.longVec(h.offsets());
        w.intVec(h.neighbors());
        w.i32(h.entryPoint());
        w.i32(h.maxLevel());
        w.i32(h.efConstruction());
        w.i32(h.efSearch());
        w.i32(1); // upper_beam
        IndexIO.write(index.storage(), w);
    }

    static Index read(FaissInput r, String fourcc, int depth) throws IOException {
        IndexIO.Header hd = IndexIO.Header.read(r);
        long nprobas = r.i64();
        if (nprobas < 1 || nprobas > MAX_LEVELS) {
            throw r.error("assign_probas has " + nprobas + " levels, not 1.." + MAX_LEVELS);
        }
        double[] probas = r.doubles(nprobas, "assign_probas");
        int[] cum = r.intVec("cum_nneighbor_per_level");
        long nlev = r.i64();
        if (nlev != hd.ntotal()) {
            throw r.error("levels has " + nlev + " entries but ntotal=" + hd.ntotal());
        }
        int[] levels = r.ints(nlev, "levels");
        long noffs = r.i64();
        if (noffs != hd.ntotal() + 1) {
            throw r.error("offsets has " + noffs + " entries but ntotal+1=" + (hd.ntotal() + 1));
        }
        long[] offsets = r.longs(noffs, "offsets");
        int[] neighbors = r.intVec("neighbors");
        int entryPoint = r.i32();
        int maxLevel = r.i32();
        int efConstruction = r.i32();
        int efSearch = r.i32();
        r.i32(); // upper_beam, obsolete
        HNSW graph =
                HNSW.restore(probas, cum, levels, offsets, neighbors, entryPoint, maxLevel, efConstruction, efSearch);
        Index storage = IndexIO.read(r, depth + 1);
        if (storage.d() != hd.d() || storage.ntotal() != hd.ntotal() || storage.metricType() != hd.metric()) {
            throw r.error("storage (d " + storage.d() + ", ntotal " + storage.ntotal() + ", " + storage.metricType()
                    + ") disagrees with the header (d " + hd.d() + ", ntotal " + hd.ntotal() + ", " + hd.metric()
                    + ")");
        }
        switch (fourcc) {
            case "IHNf" -> {
                if (storage instanceof IndexFlat f) {
                    return new IndexHNSWFlat(f, graph);
                }
            }
            case "IHNs" -> {
                if (storage instanceof IndexScalarQuantizer sq) {
                    return new IndexHNSWSQ(sq, graph);
                }
            }
            case "IHNp" -> {
                if (storage instanceof IndexPQ pq) {
                    return new IndexHNSWPQ(pq, graph);
                }
            }
            default -> {}
        }
        throw r.error("storage " + storage.getClass().getSimpleName() + " does not fit " + fourcc);
    }
}
