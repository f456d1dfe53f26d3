package dev.annvil;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link IndexIDMap} that also keeps the reverse map (id -&gt; position), so vectors can be
 * reconstructed by id. With duplicate ids the last position added wins, as in FAISS.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexIDMap.h">faiss IndexIDMap2</a>
 */
public class IndexIDMap2 extends IndexIDMap {
    private final Map<Long, Integer> revMap = new HashMap<>();

    /**
     * Wraps an empty index.
     *
     * @throws IllegalArgumentException if index already holds vectors
     */
    public IndexIDMap2(Index index) {
        super(index);
    }

    /**
     * Wraps a filled index whose position i holds the vector of id {@code idMap[i]} (for readers
     * of index files); with duplicate ids the last position wins, as in FAISS.
     *
     * @throws IllegalArgumentException if idMap.length != index.ntotal()
     */
    public IndexIDMap2(Index index, long[] idMap) {
        super(index, idMap);
        idsRemoved();
    }

    @Override
    public void addWithIds(int n, float[] x, long[] xids, ProgressListener listener) {
        int before = (int) ntotal();
        try {
            super.addWithIds(n, x, xids, listener);
        } finally {
            for (int i = 0; i < ntotal() - before; i++) {
                revMap.put(xids[i], before + i);
            }
        }
    }

    @Override
    void idsRemoved() {
        revMap.clear();
        long[] ids = getIdMap();
        for (int i = 0; i < ids.length; i++) {
            revMap.put(ids[i], i);
        }
    }

    /**
     * Copies the vector stored under id {@code key} into recons[0 .. d).
     *
     * @throws IllegalArgumentException if no vector has that id, or recons.length &lt; d
     */
    @Override
    public void reconstruct(long key, float[] recons) {
        Integer pos = revMap.get(key);
        if (pos == null) {
            throw new IllegalArgumentException("key=" + key + " not found");
        }
        getIndex().reconstruct(pos, recons);
    }

    /** True if a vector is stored under this id. */
    public boolean containsId(long id) {
        return revMap.containsKey(id);
    }
}
