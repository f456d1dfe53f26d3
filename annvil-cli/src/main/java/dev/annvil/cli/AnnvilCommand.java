package dev.annvil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code annvil} command: {@code serve} runs the FAISSx-protocol server, {@code bench} runs
 * benchmarks. Exit status 0 on success, 1 on a failed start or run, 2 on bad arguments.
 */
@Command(
        name = "annvil",
        mixinStandardHelpOptions = true,
        versionProvider = AnnvilCommand.Version.class,
        description = "FAISS-quality vector search for the JVM, and a FAISSx-compatible vector server.",
        subcommands = {ServeCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class AnnvilCommand implements Runnable {

    /** Entry point of the runnable jar and the ./annvil launcher. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status (for tests). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new AnnvilCommand());
        // everything after "bench" belongs to the benchmark's own parser
        CommandLine bench = cli.getSubcommands().get("bench");
        bench.setUnmatchedOptionsArePositionalParams(true);
        bench.setStopAtPositional(true);
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Annvil " + version()};
        }
    }

    static String version() {
        String v = AnnvilCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
