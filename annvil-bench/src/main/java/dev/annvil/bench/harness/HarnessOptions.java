package dev.annvil.bench.harness;

import dev.annvil.bench.data.Datasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The command line of a harness run (see {@link HarnessMain#USAGE}); package-private fields for tests. */
final class HarnessOptions {
    /** Engine names accepted by --engines, in run order. */
    static final List<String> ENGINES = List.of("annvil", "faiss", "hnswlib", "jvector", "lucene");

    String dataset;
    String suite = "flat";
    boolean quick;
    List<String> engines = ENGINES;
    List<Integer> threads = List.of(1, 2);
    int repetitions = 3;
    int singleQueries = 1000;
    int k = 10;
    Path out;
    Path dataDir;
    Path cacheDir;
    int size = Datasets.SYNTHETIC_DEFAULT_SIZE;
    long seed = dev.annvil.bench.data.Synthetic.DEFAULT_SEED;
    Path base;
    Path query;
    Path groundTruth;
    int maxBase;
    int maxQueries;
    /** Overrides the sweep of every index of the suite (nprobe or efSearch values); null keeps it. */
    int[] sweep;

    private boolean repetitionsSet;
    private boolean singleSet;

    /** Parses args (args[0] is the data set); IllegalArgumentException with a message on bad input. */
    static HarnessOptions parse(String[] args) {
        HarnessOptions o = new HarnessOptions();
        o.dataset = args[0];
        if (!List.of(Datasets.FASHION_MNIST, Datasets.SYNTHETIC_128, Datasets.VECS)
                .contains(o.dataset)) {
            throw new IllegalArgumentException("unknown data set '" + o.dataset + "'");
        }
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--suite" -> o.suite = value(args, ++i, a);
                case "--quick" -> o.quick = true;
                case "--engines" -> o.engines = engines(value(args, ++i, a));
                case "--threads" -> o.threads = ints(value(args, ++i, a), a);
                case "--repetitions" -> {
                    o.repetitions = positive(value(args, ++i, a), a);
                    o.repetitionsSet = true;
                }
                case "--single-queries" -> {
                    o.singleQueries = positive(value(args, ++i, a), a);
                    o.singleSet = true;
                }
                case "--k" -> o.k = positive(value(args, ++i, a), a);
                case "--out" -> o.out = Path.of(value(args, ++i, a));
                case "--data-dir" -> o.dataDir = Path.of(value(args, ++i, a));
                case "--cache-dir" -> o.cacheDir = Path.of(value(args, ++i, a));
                case "--size" -> o.size = size(value(args, ++i, a));
                case "--seed" -> o.seed = Long.parseLong(value(args, ++i, a));
                case "--base" -> o.base = Path.of(value(args, ++i, a));
                case "--query" -> o.query = Path.of(value(args, ++i, a));
                case "--gt" -> o.groundTruth = Path.of(value(args, ++i, a));
                case "--max-base" -> o.maxBase = positive(value(args, ++i, a), a);
                case "--max-queries" -> o.maxQueries = positive(value(args, ++i, a), a);
                case "--sweep" ->
                    o.sweep = ints(value(args, ++i, a), a).stream()
                            .mapToInt(Integer::intValue)
                            .toArray();
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (!Suites.NAMES.contains(o.suite)) {
            throw new IllegalArgumentException("unknown suite '" + o.suite + "' (known: " + Suites.NAMES + ")");
        }
        if (o.quick) {
            o.maxBase = o.maxBase > 0 ? o.maxBase : 5_000;
            o.maxQueries = o.maxQueries > 0 ? o.maxQueries : 200;
            o.repetitions = o.repetitionsSet ? o.repetitions : 1;
            o.singleQueries = o.singleSet ? o.singleQueries : 50;
        }
        if (o.dataset.equals(Datasets.VECS) && (o.base == null || o.query == null)) {
            throw new IllegalArgumentException("vecs needs --base FILE.fvecs|.bvecs and --query FILE");
        }
        return o;
    }

    /** 100000, 100k, 1M, 1m. */
    static int size(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (s.endsWith("k")) {
            mult = 1_000;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            mult = 1_000_000;
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Long.parseLong(s) * mult;
            if (n >= 1 && n <= 50_000_000) {
                return (int) n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("--size needs a count such as 100000, 100k or 1M, got '" + v + "'");
    }

    private static List<String> engines(String v) {
        List<String> list = new ArrayList<>();
        for (String e : v.toLowerCase(Locale.ROOT).split(",")) {
            if (!ENGINES.contains(e.trim())) {
                throw new IllegalArgumentException("unknown engine '" + e + "' (known: " + ENGINES + ")");
            }
            list.add(e.trim());
        }
        return ENGINES.stream().filter(list::contains).toList();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static int positive(String v, String option) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(option + " needs a positive integer, got '" + v + "'");
    }

    private static List<Integer> ints(String v, String option) {
        List<Integer> list = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            list.add(positive(part, option));
        }
        return list;
    }
}
