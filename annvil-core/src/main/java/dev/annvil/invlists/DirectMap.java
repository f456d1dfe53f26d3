package dev.annvil.invlists;

import dev.annvil.IDSelector;
import dev.annvil.IDSelectorBatch;
import dev.annvil.Parallelism;
import dev.annvil.impl.LongLongHashMap;
import java.util.Arrays;
import java.util.Objects;

/**
 * Optional map from a vector's id to where it is stored in the inverted lists, encoded as {@code
 * listNo << 32 | offset} ("lo"). It makes {@code reconstruct(id)} possible and speeds up removal.
 *
 * <ul>
 *   <li>{@link Type#NO_MAP}: nothing is kept; removal scans every list.
 *   <li>{@link Type#ARRAY}: a {@code long[]} indexed by id; needs sequential ids 0 .. ntotal-1
 *       (plain {@code add}, never {@code addWithIds}) and does not support removal, as in FAISS.
 *   <li>{@link Type#HASHTABLE}: a hash map id -&gt; lo; any ids, removal in O(1) per id for an
 *       {@link IDSelectorBatch}.
 * </ul>
 *
 * <p>Not thread-safe for writes (the owning index serialises mutations); {@link #get} may run
 * concurrently with other reads.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/invlists/DirectMap.h">faiss/invlists/DirectMap.h</a>
 */
public final class DirectMap {
    /** The kind of map; codes are FAISS's {@code DirectMap::Type} values (stored in index files). */
    public enum Type {
        NO_MAP(0),
        ARRAY(1),
        HASHTABLE(2);

        private final int faissCode;

        Type(int faissCode) {
            this.faissCode = faissCode;
        }

        /** FAISS's integer for this type. */
        public int faissCode() {
            return faissCode;
        }

        /** @throws IllegalArgumentException if code is not 0, 1 or 2 */
        public static Type fromFaissCode(int code) {
            for (Type t : values()) {
                if (t.faissCode == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("DirectMap type=" + code + " is not 0, 1 or 2");
        }
    }

    private Type type = Type.NO_MAP;
    private long[] array = new long[0];
    private int arraySize;
    private LongLongHashMap hashtable;

    /** Builds lo = listNo &lt;&lt; 32 | offset. */
    public static long loBuild(int listNo, int offset) {
        return ((long) listNo << 32) | (offset & 0xFFFFFFFFL);
    }

    /** List number of a lo. */
    public static int loListNo(long lo) {
        return (int) (lo >>> 32);
    }

    /** Offset of a lo. */
    public static int loOffset(long lo) {
        return (int) lo;
    }

    /** The current type. */
    public Type type() {
        return type;
    }

    /** True for {@link Type#NO_MAP}. */
    public boolean no() {
        return type == Type.NO_MAP;
    }

    /**
     * Switches to another type, rebuilding the map from the lists.
     *
     * @throws IllegalArgumentException for ARRAY if an id is outside 0 .. ntotal-1
     */
    public void setType(Type newType, InvertedLists invlists, long ntotal) {
        Objects.requireNonNull(newType, "type is null");
        if (newType == type) {
            return;
        }
        long[] newArray = new long[0];
        LongLongHashMap newTable = null;
        if (newType == Type.ARRAY) {
            if (ntotal > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("an ARRAY direct map holds at most 2^31 ids, ntotal=" + ntotal);
            }
            newArray = new long[(int) ntotal];
            Arrays.fill(newArray, -1L);
        } else if (newType == Type.HASHTABLE) {
            newTable = new LongLongHashMap((int) Math.min(ntotal, 1 << 30));
        }
        if (newType != Type.NO_MAP) {
            for (int l = 0; l < invlists.nlist(); l++) {
                int size = invlists.listSize(l);
                long[] ids = invlists.getIds(l);
                for (int ofs = 0; ofs < size; ofs++) {
                    if (newTable != null) {
                        newTable.put(ids[ofs], loBuild(l, ofs));
                    } else if (ids[ofs] >= 0 && ids[ofs] < ntotal) {
                        newArray[(int) ids[ofs]] = loBuild(l, ofs);
                    } else {
                        throw new IllegalArgumentException("direct map supported only for sequential ids: id="
                                + ids[ofs] + " with ntotal=" + ntotal);
                    }
                }
            }
        }
        type = newType;
        array = newArray;
        arraySize = newArray.length;
        hashtable = newTable;
    }

    /** Forgets every entry, keeping the type. */
    public void clear() {
        array = new long[0];
        arraySize = 0;
        if (hashtable != null) {
            hashtable = new LongLongHashMap(16);
        }
    }

    /**
     * Where id {@code key} is stored (a lo).
     *
     * @throws IllegalArgumentException if the key is not in the map
     * @throws IllegalStateException for {@link Type#NO_MAP}
     */
    public long get(long key) {
        switch (type) {
            case ARRAY -> {
                if (key < 0 || key >= arraySize || array[(int) key] < 0) {
                    throw new IllegalArgumentException(
                            "key=" + key + " is not stored (direct map of " + arraySize + " sequential ids)");
                }
                return array[(int) key];
            }
            case HASHTABLE -> {
                long lo = hashtable.get(key, -1L);
                if (lo == -1L) {
                    throw new IllegalArgumentException("key=" + key + " not found");
                }
                return lo;
            }
            default ->
                throw new IllegalStateException(
                        "direct map not initialized: call makeDirectMap(true) or setDirectMapType first");
        }
    }

    /**
     * @throws UnsupportedOperationException if the map is an ARRAY and ids are given (FAISS:
     *     "cannot have array direct map and add with ids")
     */
    public void checkCanAdd(long[] xids) {
        if (type == Type.ARRAY && xids != null) {
            throw new UnsupportedOperationException(
                    "cannot have array direct map and add with ids: use DirectMap.Type.HASHTABLE");
        }
    }

    /**
     * Records n added entries: entry i has id {@code xids[i]} (or firstId + i when xids is null)
     * and location {@code lo[i]} (-1 for a vector the quantizer assigned to no list).
     */
    public void addAll(int n, long[] xids, long firstId, long[] lo) {
        if (type == Type.ARRAY) {
            if (arraySize + n > array.length) {
                array = Arrays.copyOf(array, InvertedLists.grow(array.length, arraySize + n));
            }
            System.arraycopy(lo, 0, array, arraySize, n);
            arraySize += n;
        } else if (type == Type.HASHTABLE) {
            for (int i = 0; i < n; i++) {
                if (lo[i] >= 0) {
                    hashtable.put(xids == null ? firstId + i : xids[i], lo[i]);
                }
            }
        }
    }

    /**
     * Removes the selected ids from the lists (and from this map): a removed entry is replaced by
     * the last entry of its list, so list order is not kept, as in FAISS. Returns how many.
     *
     * @throws UnsupportedOperationException for an ARRAY map (FAISS: "remove not supported with
     *     this direct_map format")
     */
    public long removeIds(IDSelector sel, InvertedLists invlists) {
        Objects.requireNonNull(sel, "sel is null");
        if (type == Type.ARRAY) {
            throw new UnsupportedOperationException(
                    "remove not supported with an ARRAY direct map: " + "use DirectMap.Type.HASHTABLE or NO_MAP");
        }
        if (type == Type.HASHTABLE && sel instanceof IDSelectorBatch batch) {
            long removed = 0;
            for (long id : batch.ids()) {
                long lo = hashtable.get(id, -1L);
                if (lo != -1L) {
                    removeAt(invlists, loListNo(lo), loOffset(lo));
                    hashtable.remove(id);
                    removed++;
                }
            }
            return removed;
        }
        int nlist = invlists.nlist();
        int[] toRemove = new int[nlist];
        boolean table = type == Type.HASHTABLE;
        // lists are independent: with a hashtable the map updates are made serially afterwards
        int tasks = table ? 1 : Math.max(1, Math.min(nlist, Parallelism.numThreads()));
        Parallelism.forEach(tasks, t -> {
            for (int l = t; l < nlist; l += tasks) {
                int size = invlists.listSize(l);
                int j = 0;
                while (j < size) {
                    long id = invlists.getIds(l)[j];
                    if (sel.isMember(id)) {
                        if (table) {
                            hashtable.remove(id);
                        }
                        removeAt(invlists, l, j);
                        size--;
                        toRemove[l]++;
                    } else {
                        j++;
                    }
                }
            }
        });
        long removed = 0;
        for (int c : toRemove) {
            removed += c;
        }
        return removed;
    }

    /** Moves the last entry of the list into offset and shrinks the list by one. */
    private void removeAt(InvertedLists invlists, int listNo, int offset) {
        int last = invlists.listSize(listNo) - 1;
        if (offset < last) {
            long lastId = invlists.getSingleId(listNo, last);
            invlists.updateEntry(listNo, offset, lastId, invlists.getSingleCode(listNo, last), 0);
            if (type == Type.HASHTABLE) {
                hashtable.put(lastId, loBuild(listNo, offset));
            }
        }
        invlists.resize(listNo, last);
    }

    /** Bytes held by the map. */
    public long ramBytesUsed() {
        return 8L * array.length + (hashtable == null ? 0 : hashtable.ramBytesUsed());
    }
}
