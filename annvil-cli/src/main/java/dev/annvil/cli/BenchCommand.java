package dev.annvil.cli;

import dev.annvil.bench.BenchMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code annvil bench ...}: hands its arguments to the benchmark module's {@link BenchMain}. */
@Command(
        name = "bench",
        description = "Run a benchmark, e.g.: annvil bench fashion-mnist [--threads 1,2] [--no-faiss]",
        mixinStandardHelpOptions = false)
final class BenchCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", description = "Benchmark name and its options (try: annvil bench --help).")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return BenchMain.run(args.toArray(String[]::new), System.out);
    }
}
