package dev.annvil.server.service;

import dev.annvil.Index;
import dev.annvil.IndexFlat;
import dev.annvil.IndexIDMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Turns the snapshots of a data directory back into managed indexes at start-up. */
final class SnapshotLoader {
    private SnapshotLoader() {}

    /** Every readable stored index, in creation order, each in its own storage group. */
    static List<ManagedIndex> load(IndexStore store, AtomicLong seq) throws IOException {
        List<ManagedIndex> out = new ArrayList<>();
        for (IndexStore.Loaded l : store.loadAll()) {
            ManagedIndex m = new ManagedIndex(
                    l.id(), l.indexType(), l.index(), l.baseIndexId(), seq.getAndIncrement(), new StorageGroup());
            m.persistence = ManagedIndex.Persistence.FILE;
            m.group.members.add(m);
            out.add(m);
        }
        return out;
    }

    /**
     * Restores shared storage: a wrapper whose stored base holds exactly the wrapper's vectors takes
     * over that base (the base then reads the wrapper's storage again, as before the restart). Bases
     * that differ (e.g. written by the Python server, which never rewrites them) stay independent.
     */
    static void relinkBases(Map<String, ManagedIndex> indexes) {
        for (ManagedIndex w : List.copyOf(indexes.values())) {
            if (!(w.index() instanceof IndexIDMap map) || w.baseIndexId() == null) {
                continue;
            }
            ManagedIndex base = indexes.get(w.baseIndexId());
            if (base == null
                    || base.isIdMap()
                    || base.group.members.size() != 1
                    || !sameFlatContent(base.index(), map.getIndex())) {
                continue;
            }
            ManagedIndex shared =
                    new ManagedIndex(base.id(), base.indexType(), map.getIndex(), null, base.seq(), w.group);
            shared.persistence = ManagedIndex.Persistence.FILE;
            w.group.members.add(shared);
            indexes.put(base.id(), shared);
        }
    }

    private static boolean sameFlatContent(Index a, Index b) {
        if (!(a instanceof IndexFlat fa) || !(b instanceof IndexFlat fb)) {
            return false;
        }
        int len = (int) (fa.ntotal() * fa.d());
        return fa.d() == fb.d()
                && fa.ntotal() == fb.ntotal()
                && fa.metricType() == fb.metricType()
                && Arrays.equals(fa.getXb(), 0, len, fb.getXb(), 0, len);
    }
}
