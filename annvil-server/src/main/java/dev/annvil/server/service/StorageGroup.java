package dev.annvil.server.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The managed indexes that share one vector storage: a base index and the IDMap/IDMap2 wrappers
 * built on it (faissx-protocol.md §7.4). They share one lock, because a mutation through any member
 * changes the storage all of them read.
 */
final class StorageGroup {
    /** Searches take the read lock; adds, removals, resets and deletes take the write lock. */
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** Live members (deleted ones are removed under the write lock). */
    final List<ManagedIndex> members = new CopyOnWriteArrayList<>();
}
