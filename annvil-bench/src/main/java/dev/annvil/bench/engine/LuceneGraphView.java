package dev.annvil.bench.engine;

import java.io.IOException;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;

/**
 * A per-thread cursor over a built {@link OnHeapHnswGraph}: Lucene's graph keeps its
 * seek/nextNeighbor position in the graph object, so concurrent searches of one graph need one view
 * each (Lucene's own readers get a copy per thread too). The view only reads the neighbour arrays,
 * which do not change after the build.
 */
final class LuceneGraphView extends HnswGraph {
    private final OnHeapHnswGraph graph;
    private int[] nodes;
    private int count;
    private int upto;

    LuceneGraphView(OnHeapHnswGraph graph) {
        this.graph = graph;
    }

    @Override
    public void seek(int level, int target) {
        NeighborArray a = graph.getNeighbors(level, target);
        nodes = a.nodes();
        count = a.size();
        upto = -1;
    }

    @Override
    public int nextNeighbor() {
        return ++upto < count ? nodes[upto] : DocIdSetIterator.NO_MORE_DOCS;
    }

    @Override
    public int neighborCount() {
        return count;
    }

    @Override
    public int size() {
        return graph.size();
    }

    @Override
    public int maxNodeId() {
        return graph.maxNodeId();
    }

    @Override
    public int numLevels() throws IOException {
        return graph.numLevels();
    }

    @Override
    public int maxConn() {
        return graph.maxConn();
    }

    @Override
    public int entryNode() throws IOException {
        return graph.entryNode();
    }

    @Override
    public NodesIterator getNodesOnLevel(int level) throws IOException {
        return graph.getNodesOnLevel(level);
    }
}
