package dev.annvil.bench.harness;

import dev.annvil.bench.FlatBenchmark;
import dev.annvil.bench.data.DataCache;
import dev.annvil.bench.data.Dataset;
import dev.annvil.bench.data.Datasets;
import dev.annvil.bench.engine.AnnvilEngine;
import dev.annvil.bench.engine.Engine;
import dev.annvil.bench.engine.JVectorEngine;
import dev.annvil.bench.engine.LuceneEngine;
import dev.annvil.bench.engine.PythonEngine;
import dev.annvil.bench.engine.SearchKnobs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The recall-vs-QPS harness: loads a data set, then for every index of the suite runs each engine
 * alone (never two timed at once), and writes a report folder: {@code report.md}, {@code
 * results.json} and the PNG plots of {@link Plots}.
 */
public final class HarnessMain {
    /** Usage text. */
    public static final String USAGE = """
            usage: DATASET [--suite flat|ivf|hnsw|all] [--quick] [--out DIR] [options]
              DATASET                fashion-mnist | synthetic-128 | vecs
              --suite NAME           flat (default), ivf (IVFFlat, IVFPQ, IVFSQ8), hnsw (HNSW16, HNSW32), all
              --quick                smoke test: 5,000 base vectors, 200 queries, 1 repetition, short sweeps
              --sweep LIST           nprobe / efSearch values for every index, e.g. 1,2,4,8,16,32
              --engines LIST         among annvil,faiss,hnswlib,jvector,lucene (default: all)
              --threads LIST         thread counts (default 1,2)
              --repetitions N        timed repetitions after one warm-up (default 3)
              --single-queries N     queries timed one call each (default 1000)
              --k N                  neighbours per query (default 10)
              --out DIR              report folder (default bench-results/<date-time>)
              --cache-dir DIR        ground truth and raw files (default ~/.cache/annvil-bench)
              --max-base N           use the first N base vectors; --max-queries N the first N queries
              fashion-mnist:         --data-dir DIR (default /usr/share/datasets/fashion-mnist)
              synthetic-128:         --size N (100000 default; 1M on request), --seed N
              vecs:                  --base F.fvecs|F.bvecs --query F.fvecs [--gt F.ivecs]
            """;

    private HarnessMain() {}

    /** The outcome: the runs, the report folder and the rendered Markdown. */
    public record Outcome(List<IndexRun> runs, Path dir, String markdown) {}

    /**
     * Runs the harness; progress ("#" lines) and the Markdown report go to out.
     *
     * @throws IllegalArgumentException for bad arguments
     */
    public static Outcome run(String[] args, PrintStream out) throws IOException {
        HarnessOptions o = HarnessOptions.parse(args);
        DataCache cache = new DataCache(o.cacheDir != null ? o.cacheDir : DataCache.defaultDir());
        Datasets.Source src = new Datasets.Source(
                o.dataset,
                o.dataDir,
                o.size,
                o.seed,
                o.base,
                o.query,
                o.groundTruth,
                o.maxBase,
                o.maxQueries,
                Math.max(100, o.k));
        Dataset ds = Datasets.load(src, cache, out);
        BenchData data = new BenchData(ds, cache);
        RunConfig cfg = new RunConfig(o.k, o.threads, o.repetitions, Math.min(o.singleQueries, ds.nq()));
        List<IndexSpec> specs = Suites.of(o.suite, ds.nb(), ds.d(), o.quick);
        if (o.sweep != null) {
            specs = specs.stream()
                    .map(s -> s.family() == IndexSpec.Family.FLAT
                            ? s
                            : new IndexSpec(s.factory(), s.family(), s.m(), s.efConstruction(), s.param(), o.sweep))
                    .toList();
        }
        List<Engine> engines = engines(o.engines);
        List<String> notes = new ArrayList<>();
        List<Engine> usable = new ArrayList<>();
        for (Engine e : engines) {
            String why = e.unavailableReason();
            if (why == null) {
                usable.add(e);
            } else {
                out.println("# " + why);
                notes.add(why);
            }
        }
        List<String> loads = new ArrayList<>();
        List<IndexRun> runs = new ArrayList<>();
        for (IndexSpec spec : specs) {
            for (Engine e : usable) {
                if (!e.supports(spec.family())) {
                    continue;
                }
                System.gc(); // leave the machine quiet before the next engine's timing
                String load = loadAverage();
                out.println("# --- " + e.name() + " " + spec + " (load average " + load + ")");
                try {
                    IndexRun r = e.run(spec, data, cfg, out);
                    runs.add(r);
                    loads.add(e.name() + " " + spec.factory() + ": " + load);
                    r.notes().forEach(n -> notes.add(n));
                } catch (Engine.SkippedException ex) {
                    out.println("# " + ex.getMessage());
                    notes.add(ex.getMessage());
                } catch (Exception ex) {
                    String msg = e.name() + " " + spec.factory() + " failed: " + ex;
                    out.println("# " + msg);
                    notes.add(msg);
                }
            }
        }
        Path dir = o.out != null ? o.out : defaultOut();
        Files.createDirectories(dir);
        String title = ds.name() + ", suite " + o.suite + (o.quick ? " (quick)" : "");
        List<String> plots = runs.isEmpty() ? List.of() : Plots.write(dir, title, runs);
        List<String> setup = setup(ds, cfg, o, runs, loads);
        String md = HarnessReport.render(title, setup, runs, notes, plots);
        Files.writeString(dir.resolve("report.md"), md);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("dataset", ds.name());
        meta.put("dataset_description", ds.description());
        meta.put("suite", o.suite);
        meta.put("quick", String.valueOf(o.quick));
        meta.put("k", cfg.k());
        meta.put("threads", cfg.threads());
        meta.put("repetitions", cfg.repetitions());
        meta.put("single_queries", cfg.singleQueries());
        meta.put("setup", setup);
        Files.writeString(dir.resolve("results.json"), ResultsJson.render(meta, runs, notes));
        out.println();
        out.print(md);
        out.println();
        out.println("# report written to " + dir.toAbsolutePath() + ": report.md, results.json"
                + (plots.isEmpty() ? "" : ", " + String.join(", ", plots)));
        out.flush();
        return new Outcome(runs, dir, md);
    }

    private static List<String> setup(
            Dataset ds, RunConfig cfg, HarnessOptions o, List<IndexRun> runs, List<String> loads) {
        List<String> setup = new ArrayList<>();
        setup.add("data: " + ds.description() + "; ground truth: exact k=" + ds.gtK() + " by squared L2");
        setup.add(String.format(
                Locale.ROOT,
                "search: k=%d, threads %s, 1 warm-up then %d %s per measurement, batch = all %d queries in one call,"
                        + " single = first %d queries one call each; engines run one after the other",
                cfg.k(),
                cfg.threadsCsv(),
                cfg.repetitions(),
                cfg.repetitions() == 1 ? "repetition" : "repetitions",
                ds.nq(),
                cfg.singleQueries()));
        List<String> versions = new ArrayList<>();
        for (IndexRun r : runs) {
            if (!versions.contains(r.engineVersion())) {
                versions.add(r.engineVersion());
            }
        }
        setup.add("engines: " + String.join("; ", versions));
        setup.add("JVM: " + FlatBenchmark.jvmDescription() + "; CPU: " + FlatBenchmark.cpuDescription());
        setup.add("machine load (1/5/15-min load average before each engine; other processes add noise): "
                + String.join("; ", loads) + "; at the end " + loadAverage());
        return setup;
    }

    private static List<Engine> engines(List<String> names) {
        List<Engine> list = new ArrayList<>();
        for (String n : names) {
            list.add(
                    switch (n) {
                        case "annvil" -> new AnnvilEngine(SearchKnobs.standard());
                        case "faiss" -> PythonEngine.faiss();
                        case "hnswlib" -> PythonEngine.hnswlib();
                        case "jvector" -> new JVectorEngine();
                        case "lucene" -> new LuceneEngine();
                        default -> throw new IllegalArgumentException("unknown engine " + n);
                    });
        }
        return list;
    }

    private static Path defaultOut() {
        return Path.of("bench-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")));
    }

    /** The 1-, 5- and 15-minute load averages from /proc/loadavg, or "n/a". */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
