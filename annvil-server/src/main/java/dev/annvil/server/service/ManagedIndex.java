package dev.annvil.server.service;

import dev.annvil.Index;
import dev.annvil.IndexIDMap;
import dev.annvil.IndexIDMap2;
import java.util.Objects;

/**
 * One named index held by the {@link IndexService}: the core {@link Index} plus its FAISSx metadata.
 *
 * <p>Thread-safety: the index is read under its storage group's read lock and changed under its
 * write lock (the group is shared by a base and the IDMap wrappers built on it); {@link #deleted}
 * is set under the write lock, so a holder of either lock sees a consistent value.
 */
public final class ManagedIndex {
    /** What kind of index this is, for the id semantics of reconstruct/remove/add. */
    public enum Kind {
        /** Labels are positions 0 .. ntotal-1. */
        PLAIN,
        /** IndexIDMap: labels are user ids. */
        IDMAP,
        /** IndexIDMap2: user ids with a reverse map. */
        IDMAP2
    }

    /** Where the index lives (faissx-protocol.md §11). */
    public enum Persistence {
        /** The server has no data directory. */
        NONE,
        /** Snapshotted to the data directory after every mutation. */
        FILE,
        /** The server has a data directory, but the type has no FAISS file writer yet: lost on restart. */
        MEMORY_ONLY
    }

    private final String id;
    private String indexType;
    private Index index;
    private IndexSpec.Plain spec;
    private final Kind kind;
    private final String baseIndexId;
    private final long seq;
    final StorageGroup group;
    Persistence persistence = Persistence.NONE;
    boolean deleted;

    /** Training state for get_index_status: "idle", "training", "done" or "failed". */
    volatile String trainingStatus = "idle";
    /** Fraction done of the current or last background training, 0..1. */
    volatile double trainingProgress;
    /** Why the last background training failed, or null. */
    volatile String trainingError;
    /**
     * True while a background training runs on the index without holding the group lock: every
     * mutation and every query is refused meanwhile (set and cleared under the write lock).
     */
    volatile boolean trainingActive;

    ManagedIndex(String id, String indexType, Index index, String baseIndexId, long seq, StorageGroup group) {
        this(id, indexType, index, null, baseIndexId, seq, group);
    }

    /**
     * @param spec the parsed type of a plain index (null for wrappers and for loaded indexes)
     */
    ManagedIndex(
            String id,
            String indexType,
            Index index,
            IndexSpec.Plain spec,
            String baseIndexId,
            long seq,
            StorageGroup group) {
        this.id = Objects.requireNonNull(id, "id is null");
        this.indexType = Objects.requireNonNull(indexType, "indexType is null");
        this.index = Objects.requireNonNull(index, "index is null");
        this.spec = spec;
        this.kind = index instanceof IndexIDMap2 ? Kind.IDMAP2 : index instanceof IndexIDMap ? Kind.IDMAP : Kind.PLAIN;
        this.baseIndexId = baseIndexId;
        this.seq = seq;
        this.group = Objects.requireNonNull(group, "group is null");
    }

    /** The parsed type of a plain index, or null (wrappers, indexes loaded from files). */
    IndexSpec.Plain spec() {
        return spec;
    }

    /** Where the index lives. */
    public Persistence persistence() {
        return persistence;
    }

    /**
     * Swaps in a rebuilt index of the same kind (recluster_index); call under the write lock of a
     * group whose only member is this index.
     */
    void replace(Index rebuilt, IndexSpec.Plain newSpec, String newType) {
        if (rebuilt instanceof IndexIDMap || group.members.size() != 1) {
            throw new IllegalStateException("only an unshared plain index can be replaced");
        }
        this.index = Objects.requireNonNull(rebuilt, "rebuilt is null");
        this.spec = newSpec;
        this.indexType = Objects.requireNonNull(newType, "newType is null");
    }

    /** The index id as the client sent it. */
    public String id() {
        return id;
    }

    /** The {@code index_type} string it was created with ("L2", "IDMap:L2"), canonical after a recluster. */
    public String indexType() {
        return indexType;
    }

    /** The core index; read it under the group's read lock only. */
    Index index() {
        return index;
    }

    /** PLAIN, IDMAP or IDMAP2. */
    public Kind kind() {
        return kind;
    }

    /** True for IDMap and IDMap2 wrappers. */
    public boolean isIdMap() {
        return kind != Kind.PLAIN;
    }

    /** The id of the base index of a wrapper, or null. */
    public String baseIndexId() {
        return baseIndexId;
    }

    /** Creation order within the service (list order). */
    long seq() {
        return seq;
    }

    /** The vector storage of this index: the wrapped index of an IDMap, else the index itself. */
    Index storage() {
        return index instanceof IndexIDMap m ? m.getIndex() : index;
    }

    @Override
    public String toString() {
        return "ManagedIndex(" + id + ", " + indexType + ", " + index + ")";
    }
}
