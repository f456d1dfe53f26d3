package dev.annvil.bench;

import dev.annvil.bench.harness.HarnessMain;
import dev.annvil.bench.server.ServerLoadMain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Entry point of the benchmarks, called by the CLI: {@code fashion-mnist [options]} runs Annvil's
 * {@link FlatBenchmark}, then (unless {@code --no-faiss}) FAISS through {@link FaissRunner},
 * strictly one after the other, checks recall@k of Annvil against FAISS, and prints a Markdown
 * table ({@link MarkdownReport}). Progress lines start with "#".
 */
public final class BenchMain {
    /** Usage text. */
    public static final String USAGE = """
            usage: fashion-mnist [--threads 1,2] [--single-queries 1000] [--repetitions 3] [--no-faiss]
                                 [--data-dir DIR] [--out FILE.md] [--queries 10000] [--k 10]
              --threads LIST         thread counts to run, comma-separated (default 1,2)
              --single-queries N     queries searched one at a time, the first N test vectors (default 1000)
              --repetitions N        timed repetitions per measurement, after one warm-up (default 3)
              --no-faiss             run Annvil only
              --data-dir DIR         Fashion-MNIST IDX .gz files (default /usr/share/datasets/fashion-mnist,
                                     or -Dannvil.fashionMnist.dir)
              --out FILE.md          also write the Markdown report to FILE.md
              --queries N            queries in the batch search, the first N test vectors (default 10000)
              --k N                  neighbours per query (default 10)

            The recall-vs-QPS harness (any data set with --suite, or --quick):
            """ + HarnessMain.USAGE + """

            Server load: server [--help] (see: annvil bench server --help)
            """;

    private BenchMain() {}

    /** Command-line launcher: runs {@link #run} on System.out and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /**
     * Runs the benchmark named by args[0], printing progress and the report to out.
     *
     * @return 0 on success, 2 for bad arguments (message and usage printed), 1 if the run failed
     */
    public static int run(String[] args, PrintStream out) {
        if (args.length > 0 && args[0].equals("server")) {
            return server(args, out);
        }
        if (args.length > 0 && isHarness(args)) {
            return harness(args, out);
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.print(USAGE);
            return 2;
        }
        if (o == null) {
            out.print(USAGE);
            return 0;
        }
        try {
            return fashionMnist(o, out);
        } catch (NoSuchFileException e) {
            out.println("error: " + (e.getReason() != null ? e.getReason() : "no such file: " + e.getFile()));
            return 1;
        } catch (IOException | RuntimeException e) {
            out.println("error: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("error: interrupted");
            return 1;
        }
    }

    /** True when args name a harness run: any data set but plain fashion-mnist, or --suite/--quick. */
    static boolean isHarness(String[] args) {
        if (args[0].equals("synthetic-128") || args[0].equals("vecs")) {
            return true;
        }
        if (!args[0].equals("fashion-mnist")) {
            return false;
        }
        for (String a : args) {
            if (a.equals("--suite") || a.equals("--quick")) {
                return true;
            }
        }
        return false;
    }

    private static int server(String[] args, PrintStream out) {
        if (args.length > 1 && (args[1].equals("--help") || args[1].equals("-h"))) {
            out.print(ServerLoadMain.USAGE);
            return 0;
        }
        try {
            ServerLoadMain.run(args, out);
            return 0;
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.print(ServerLoadMain.USAGE);
            return 2;
        } catch (IOException | RuntimeException e) {
            out.println("error: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("error: interrupted");
            return 1;
        }
    }

    private static int harness(String[] args, PrintStream out) {
        try {
            HarnessMain.run(args, out);
            return 0;
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.print(HarnessMain.USAGE);
            return 2;
        } catch (NoSuchFileException e) {
            out.println("error: " + (e.getReason() != null ? e.getReason() : "no such file: " + e.getFile()));
            return 1;
        } catch (IOException | RuntimeException e) {
            out.println("error: " + e);
            return 1;
        }
    }

    private static int fashionMnist(Options o, PrintStream out) throws IOException, InterruptedException {
        Path dir = o.dataDir != null ? o.dataDir : FashionMnist.defaultDir();
        out.println("# loading Fashion-MNIST from " + dir);
        FashionMnist.Dataset ds = FashionMnist.load(dir);
        int maxQueries = ds.nTest();
        if (o.queries > maxQueries || o.singleQueries > maxQueries) {
            throw new IllegalArgumentException("--queries and --single-queries must be <= " + maxQueries);
        }
        BenchConfig cfg = new BenchConfig(o.k, o.threads, o.queries, o.singleQueries, o.repetitions);
        String loadBefore = loadAverage();
        FlatBenchmark.Result annvil = FlatBenchmark.run(ds.train(), ds.test(), ds.d(), cfg, out);
        System.gc(); // leave the machine quiet before FAISS's timing

        List<String> setup = new ArrayList<>();
        setup.add(String.format(
                Locale.ROOT,
                "data: %s, %d x %d database, %d batch queries, first %d single queries, k=%d",
                dir,
                ds.nTrain(),
                ds.d(),
                cfg.queries(),
                cfg.singleQueries(),
                cfg.k()));
        setup.add("timing: 1 warm-up then " + cfg.repetitions()
                + (cfg.repetitions() == 1 ? " repetition" : " repetitions")
                + " per measurement; engines run one after the other");
        setup.add("Annvil kernels: " + annvil.kernels());
        setup.add("JVM: " + FlatBenchmark.jvmDescription());
        setup.add("CPU: " + FlatBenchmark.cpuDescription());
        List<String> footer = new ArrayList<>();
        List<EngineRun> faissRuns = List.of();
        String loadBeforeFaiss = loadAverage();
        if (o.faiss) {
            try {
                FaissRunner.Result faiss = FaissRunner.run(dir, cfg, out);
                faissRuns = faiss.runs();
                setup.add(faiss.description());
                int n = cfg.queries();
                int k = cfg.k();
                double recall = Recall.recallAtK(annvil.batchLabels(), faiss.batchLabels(), n, k);
                double recallTies = Recall.recallAtKWithTies(
                        annvil.batchLabels(), faiss.batchLabels(), n, k, (q, label) -> exactL2(ds, (int) q, label));
                footer.add(String.format(
                        Locale.ROOT,
                        "Recall@%d of Annvil's batch result against FAISS's: %.4f (%.4f counting exact-distance ties"
                                + " as hits) over %d queries",
                        k,
                        recall,
                        recallTies,
                        n));
            } catch (FaissRunner.FaissUnavailableException e) {
                out.println("# " + e.getMessage());
                footer.add("FAISS not run: " + e.getMessage());
            }
        } else {
            footer.add("FAISS not run (--no-faiss).");
        }
        setup.add("machine load (1-min load average; other processes add noise): " + loadBefore + " before Annvil, "
                + loadBeforeFaiss + " before FAISS, " + loadAverage() + " at the end");
        String report = MarkdownReport.render(setup, annvil.runs(), faissRuns, footer);
        out.println();
        out.print(report);
        out.flush();
        if (o.out != null) {
            Files.writeString(o.out, report);
            out.println("# report written to " + o.out);
        }
        return 0;
    }

    /** The 1-minute load average from /proc/loadavg, or "n/a". */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** Exact squared L2 distance of test vector q and train vector label (integer pixels: exact in long). */
    private static long exactL2(FashionMnist.Dataset ds, int q, long label) {
        int d = ds.d();
        float[] x = ds.test();
        float[] y = ds.train();
        int xo = q * d;
        int yo = (int) label * d;
        long s = 0;
        for (int j = 0; j < d; j++) {
            long t = (long) x[xo + j] - (long) y[yo + j];
            s += t * t;
        }
        return s;
    }

    /** Parsed command line; package-private for tests. */
    static final class Options {
        List<Integer> threads = List.of(1, 2);
        int singleQueries = 1000;
        int queries = FashionMnist.TEST_COUNT;
        int repetitions = 3;
        int k = 10;
        boolean faiss = true;
        Path dataDir;
        Path out;

        /** Parses args; null for a help request; IllegalArgumentException with a message for bad args. */
        static Options parse(String[] args) {
            if (args.length == 0) {
                throw new IllegalArgumentException("missing benchmark name (the only one is: fashion-mnist)");
            }
            if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
                return null;
            }
            if (!args[0].equals("fashion-mnist")) {
                throw new IllegalArgumentException(
                        "unknown benchmark '" + args[0] + "' (the only one is: fashion-mnist)");
            }
            Options o = new Options();
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> {
                        return null;
                    }
                    case "--no-faiss" -> o.faiss = false;
                    case "--threads" -> o.threads = threads(value(args, ++i, a));
                    case "--single-queries" -> o.singleQueries = positive(value(args, ++i, a), a);
                    case "--queries" -> o.queries = positive(value(args, ++i, a), a);
                    case "--repetitions" -> o.repetitions = positive(value(args, ++i, a), a);
                    case "--k" -> o.k = positive(value(args, ++i, a), a);
                    case "--data-dir" -> o.dataDir = Path.of(value(args, ++i, a));
                    case "--out" -> o.out = Path.of(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (o.queries > FashionMnist.TEST_COUNT || o.singleQueries > FashionMnist.TEST_COUNT) {
                throw new IllegalArgumentException(
                        "--queries and --single-queries must be <= " + FashionMnist.TEST_COUNT + " (the test set)");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int positive(String v, String option) {
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

        private static List<Integer> threads(String v) {
            List<Integer> list = new ArrayList<>();
            for (String part : v.split(",", -1)) {
                list.add(positive(part, "--threads"));
            }
            return list;
        }
    }
}
