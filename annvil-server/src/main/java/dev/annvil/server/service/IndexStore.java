package dev.annvil.server.service;

import dev.annvil.Index;
import dev.annvil.IndexFlat;
import dev.annvil.IndexIDMap;
import dev.annvil.IndexIDMap2;
import dev.annvil.MetricType;
import dev.annvil.io.IndexIO;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain snapshot persistence of a data directory (faissx-protocol.md §11): each index is one FAISS
 * file {@code <stem>.faiss} (written with {@link IndexIO}) plus a JSON sidecar {@code <stem>.json}
 * {@code {"index_id", "dimension", "base_index_id", "index_type", "created_seq"}}.
 *
 * <p>The stem is the URL-encoding (UTF-8) of the index id, so distinct ids never share a file
 * (unlike the reference, which collides ids that differ after a dot); stems longer than
 * {@value #MAX_STEM} characters are shortened to a prefix plus a SHA-256 of the id. Files are
 * written to a temporary file in the same directory and then atomically moved into place, so a
 * crash leaves the previous snapshot or the new one, never a torn file.
 *
 * <p>Cost: every save writes the whole index (4 * d bytes per vector for flat indexes). This is
 * the simple stand-in until the write-ahead store arrives.
 *
 * <p>Thread-safety: saves of one index must not run concurrently (the service serialises them
 * under the index's lock); saves of different indexes may.
 */
public final class IndexStore {
    private static final Logger LOG = LoggerFactory.getLogger(IndexStore.class);
    private static final int MAX_STEM = 200;
    private static final String TMP_PREFIX = ".tmp-";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;

    /** An index read back from disk. */
    record Loaded(String id, String indexType, String baseIndexId, long createdSeq, Index index) {}

    private IndexStore(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens (creating it with its parents if needed) a data directory and deletes temporary files
     * left by an interrupted save.
     *
     * @throws IOException if the directory cannot be created or listed
     */
    public static IndexStore open(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, TMP_PREFIX + "*")) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
        return new IndexStore(dir);
    }

    /** The data directory. */
    public Path dir() {
        return dir;
    }

    /** The file stem for an index id: URL-encoded, hashed when long. */
    static String stem(String id) {
        String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8);
        if (encoded.isEmpty()) {
            return "%"; // the empty id; '%' alone never results from encoding a non-empty id
        }
        if (encoded.length() <= MAX_STEM) {
            return encoded;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            // '~' is always encoded as %7E, so a hashed stem never equals a plain one
            return encoded.substring(0, 120) + "~" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Whether {@link IndexIO} can write this index (probed by writing it to nowhere; call it while
     * the index is small, e.g. empty at creation).
     */
    static boolean writable(Index index) {
        try {
            IndexIO.writeIndex(index, java.io.OutputStream.nullOutputStream());
            return true;
        } catch (IllegalArgumentException | IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The snapshot file of an index id. */
    Path fileOf(String id) {
        return dir.resolve(stem(id) + ".faiss");
    }

    /**
     * Writes the index and its sidecar.
     *
     * @throws IOException on an I/O failure (the previous snapshot stays in place)
     * @throws IllegalArgumentException if the index type has no FAISS writer
     */
    void save(ManagedIndex m) throws IOException {
        String stem = stem(m.id());
        Path tmp = Files.createTempFile(dir, TMP_PREFIX, ".faiss");
        try {
            IndexIO.writeIndex(m.index(), tmp);
            move(tmp, dir.resolve(stem + ".faiss"));
            Map<String, Object> sidecar = new LinkedHashMap<>();
            sidecar.put("index_id", m.id());
            sidecar.put("dimension", m.index().d());
            sidecar.put("base_index_id", m.baseIndexId());
            sidecar.put("index_type", m.indexType());
            sidecar.put("created_seq", m.seq());
            Files.write(tmp, JSON.writeValueAsBytes(sidecar));
            move(tmp, dir.resolve(stem + ".json"));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes the files of an index (missing files are fine). */
    void remove(String id) throws IOException {
        String stem = stem(id);
        Files.deleteIfExists(dir.resolve(stem + ".faiss"));
        Files.deleteIfExists(dir.resolve(stem + ".json"));
    }

    /**
     * Reads every {@code *.faiss} file with its sidecar, in creation order (files without a
     * {@code created_seq}, e.g. written by the Python server, follow in name order). Unreadable files
     * are logged and skipped.
     */
    List<Loaded> loadAll() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.faiss")) {
            for (Path p : ds) {
                if (!p.getFileName().toString().startsWith(TMP_PREFIX)) {
                    files.add(p);
                }
            }
        }
        files.sort(Comparator.comparing(Path::toString));
        List<Loaded> loaded = new ArrayList<>();
        for (Path file : files) {
            try {
                loaded.add(load(file));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Skipping unreadable index file {}: {}", file, e.toString());
            }
        }
        loaded.sort(Comparator.comparingLong(Loaded::createdSeq));
        return loaded;
    }

    private Loaded load(Path file) throws IOException {
        String name = file.getFileName().toString();
        String stem = name.substring(0, name.length() - ".faiss".length());
        Index index = IndexIO.readIndex(file);
        Path sidecarFile = dir.resolve(stem + ".json");
        Map<?, ?> sidecar = Map.of();
        if (Files.exists(sidecarFile)) {
            try {
                sidecar = JSON.readValue(sidecarFile.toFile(), Map.class);
            } catch (RuntimeException e) {
                LOG.warn("Ignoring unreadable sidecar {}: {}", sidecarFile, e.toString());
            }
        }
        String id = sidecar.get("index_id") instanceof String s
                ? s
                : java.net.URLDecoder.decode(stem, StandardCharsets.UTF_8);
        String base = sidecar.get("base_index_id") instanceof String s ? s : null;
        String type = sidecar.get("index_type") instanceof String s ? s : inferType(index, base);
        long seq = sidecar.get("created_seq") instanceof Number n ? n.longValue() : Long.MAX_VALUE;
        return new Loaded(id, type, base, seq, index);
    }

    /** A type string for files without one (written by the Python server). */
    private static String inferType(Index index, String base) {
        if (index instanceof IndexIDMap m) {
            String prefix = index instanceof IndexIDMap2 ? IndexTypes.IDMAP2_PREFIX : IndexTypes.IDMAP_PREFIX;
            return prefix + (base != null ? base : inferType(m.getIndex(), null));
        }
        if (index instanceof IndexFlat) {
            return index.metricType() == MetricType.L2 ? "L2" : "IP";
        }
        return index.getClass().getSimpleName();
    }
}
