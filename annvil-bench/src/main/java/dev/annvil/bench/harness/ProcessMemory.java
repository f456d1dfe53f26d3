package dev.annvil.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory of this JVM process, for the in-process engines: peak resident set size from
 * /proc/self/status (VmHWM, reset by writing "5" to /proc/self/clear_refs on Linux 4.0+), and
 * live heap bytes after a full collection.
 */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** Resets the kernel's peak-RSS counter of this process; false when not possible (not Linux, no permission). */
    public static boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Peak resident set size of this process in bytes (VmHWM), or -1 when unknown. */
    public static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** Heap bytes in use after asking for two full collections (an estimate: GC is advisory). */
    public static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
