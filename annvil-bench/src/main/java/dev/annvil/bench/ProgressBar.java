package dev.annvil.bench;

import dev.annvil.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A {@link ProgressListener} that draws a progress bar on a terminal ({@code [#####.....] 45%
 * phase}), redrawn in place at most once per percent; when the output is not a terminal it prints
 * one line per 10% instead, so logs stay readable.
 */
public final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final boolean terminal;
    private int lastPercent = -1;
    private String lastPhase = "";
    private final long startNanos = System.nanoTime();

    public ProgressBar(PrintStream out, String label, boolean terminal) {
        this.out = out;
        this.label = label;
        this.terminal = terminal;
    }

    /** A bar on standard error, in place if a console is attached. */
    public static ProgressBar onStderr(String label) {
        return new ProgressBar(System.err, label, System.console() != null);
    }

    @Override
    public synchronized void progress(String phase, double fraction) {
        int percent = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
        boolean phaseChanged = !phase.equals(lastPhase);
        if (terminal) {
            if (percent == lastPercent && !phaseChanged) {
                return;
            }
            int filled = percent * WIDTH / 100;
            out.printf(
                    Locale.ROOT,
                    "\r%s [%s%s] %3d%% %-40s",
                    label,
                    "#".repeat(filled),
                    ".".repeat(WIDTH - filled),
                    percent,
                    phase);
            if (percent == 100) {
                out.println();
            }
        } else if (percent / 10 != lastPercent / 10 || lastPercent < 0) {
            out.printf(
                    Locale.ROOT,
                    "%s %3d%% %s (%.1f s)%n",
                    label,
                    percent,
                    phase,
                    (System.nanoTime() - startNanos) / 1e9);
        }
        out.flush();
        lastPercent = percent;
        lastPhase = phase;
    }

    /** Ends the bar (a newline on a terminal if it did not reach 100%). */
    public synchronized void done() {
        if (terminal && lastPercent >= 0 && lastPercent < 100) {
            out.println();
        }
    }
}
