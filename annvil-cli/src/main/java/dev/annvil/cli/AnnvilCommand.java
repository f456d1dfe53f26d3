package dev.annvil.cli;

import dev.annvil.server.ServerStartException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code annvil} command: {@code serve} runs the FAISSx-protocol server, {@code keygen} makes a
 * CurveZMQ key pair, {@code bench} runs benchmarks. Exit status 0 on success, 1 on a failed start
 * or run (invalid settings and refused starts print one line: "annvil: &lt;reason&gt;"), 2 on bad
 * arguments.
 */
@Command(
        name = "annvil",
        mixinStandardHelpOptions = true,
        versionProvider = AnnvilCommand.Version.class,
        description = "FAISS-quality vector search for the JVM, and a FAISSx-compatible vector server.",
        subcommands = {ServeCommand.class, KeygenCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class AnnvilCommand implements Runnable {

    /** Entry point of the runnable jar and the ./annvil launcher. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status (for tests). */
    public static int execute(String... args) {
        return execute(null, null, args);
    }

    /**
     * Runs the command line with these output streams (null: System.out / System.err) and returns
     * its exit status.
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new AnnvilCommand());
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException
                    || e instanceof ServerStartException
                    || e instanceof java.io.IOException) {
                commandLine.getErr().println("annvil: " + e.getMessage());
                commandLine.getErr().flush();
                return 1;
            }
            throw e;
        });
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
