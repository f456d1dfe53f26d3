package dev.annvil.bench.harness;

import dev.annvil.bench.data.DataCache;
import dev.annvil.bench.data.Dataset;
import java.io.IOException;
import java.util.Objects;

/**
 * A loaded data set plus its cache: the in-process engines read the arrays, the Python engines the
 * raw files, which are written on first request only. Safe to share between threads.
 */
public final class BenchData {
    private final Dataset dataset;
    private final DataCache cache;
    private final String key;
    private DataCache.RawFiles raw;

    /** @param dataset the vectors and ground truth; @param cache where raw files go */
    public BenchData(Dataset dataset, DataCache cache) {
        this.dataset = Objects.requireNonNull(dataset, "dataset is null");
        this.cache = Objects.requireNonNull(cache, "cache is null");
        this.key = DataCache.key(dataset.name(), dataset.base(), dataset.query(), dataset.d());
    }

    /** The data set. */
    public Dataset dataset() {
        return dataset;
    }

    /** The raw float32/int32 files of the data set (written once, then reused). */
    public synchronized DataCache.RawFiles rawFiles() throws IOException {
        if (raw == null) {
            raw = cache.rawFiles(key, dataset);
        }
        return raw;
    }

    /** The cache directory (scratch files of the Python engines go there too). */
    public DataCache cache() {
        return cache;
    }
}
