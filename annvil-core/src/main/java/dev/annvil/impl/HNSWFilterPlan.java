package dev.annvil.impl;

import dev.annvil.IDSelector;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * How one search call of a graph index honours an {@link IDSelector} and deleted nodes: either a
 * filtered graph traversal (every node routes, only accepted nodes are returned) with the beam
 * widened by 1 / (fraction accepted), so about as many accepted nodes are seen as in an
 * unfiltered search; or, when few nodes are accepted, an exact scan of just those ids.
 *
 * <p>Cost model: a filtered traversal with beam ef / f computes about (ef / f) * M0 distances (M0 =
 * level-0 degree), an exact scan f * ntotal; the scan is chosen when f * ntotal &lt;= sqrt(ef * M0
 * * ntotal), i.e. f &lt;= sqrt(ef * M0 / ntotal). The fraction f is estimated from up to {@value
 * #SAMPLES} evenly spaced ids; when the estimate is near the threshold, the ids are counted
 * exactly.
 *
 * @param filter accepted nodes, or null when every node is accepted
 * @param exactIds when not null: scan exactly these ids instead of the graph
 * @param efSearch efSearch for the traversal (widened when filtering; the beam is max(efSearch, k))
 */
public record HNSWFilterPlan(IntPredicate filter, int[] exactIds, int efSearch) {
    /** Ids sampled to estimate the fraction selected. */
    public static final int SAMPLES = 512;

    /**
     * @param sel the caller's selector (ids are node ids), or null
     * @param deleted bitset of deleted nodes (bit i of word i / 64), or null when none are deleted
     * @param nodes number of graph nodes, deleted included
     * @param live number of nodes not deleted
     * @param efSearch the requested efSearch
     * @param k results per query (1 for range search)
     * @param degree0 level-0 degree (2M)
     */
    public static HNSWFilterPlan plan(
            IDSelector sel, long[] deleted, int nodes, int live, int efSearch, int k, int degree0) {
        if (sel == null && deleted == null) {
            return new HNSWFilterPlan(null, null, efSearch);
        }
        int ef = Math.max(efSearch, k);
        IntPredicate filter;
        if (sel == null) {
            filter = id -> !isSet(deleted, id);
        } else if (deleted == null) {
            filter = sel::isMember;
        } else {
            filter = id -> !isSet(deleted, id) && sel.isMember(id);
        }
        double fraction;
        if (sel == null) {
            fraction = nodes == 0 ? 1 : (double) live / nodes;
        } else {
            int samples = Math.min(nodes, SAMPLES);
            int hits = 0;
            for (int s = 0; s < samples; s++) {
                if (filter.test((int) ((long) s * nodes / samples))) {
                    hits++;
                }
            }
            fraction = samples == 0 ? 1 : (double) hits / samples;
        }
        double cap = Math.sqrt((double) ef * degree0 * nodes);
        if (fraction * nodes <= 2 * cap + SAMPLES) {
            int[] ids = collect(filter, nodes, (int) Math.min(Integer.MAX_VALUE - 8, cap));
            if (ids != null) {
                return new HNSWFilterPlan(filter, ids, efSearch);
            }
        }
        double widened = Math.ceil(efSearch / Math.max(fraction, 1e-6));
        return new HNSWFilterPlan(filter, null, (int) Math.min(Math.max(efSearch, nodes), Math.max(efSearch, widened)));
    }

    /** The accepted ids, or null if there are more than cap. */
    private static int[] collect(IntPredicate filter, int nodes, int cap) {
        int[] ids = new int[Math.min(cap, 1024)];
        int count = 0;
        for (int id = 0; id < nodes; id++) {
            if (filter.test(id)) {
                if (count == cap) {
                    return null;
                }
                if (count == ids.length) {
                    ids = Arrays.copyOf(ids, Math.min(cap, count * 2));
                }
                ids[count++] = id;
            }
        }
        return Arrays.copyOf(ids, count);
    }

    private static boolean isSet(long[] bits, int id) {
        return (bits[id >>> 6] & (1L << id)) != 0;
    }
}
