package dev.annvil;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * The threads that batch operations (search of many queries, add) run on: a shared fork-join pool
 * whose size plays the role of FAISS's {@code omp_set_num_threads}. Defaults to the number of
 * available processors, or the system property {@code annvil.threads}.
 */
public final class Parallelism {
    private static volatile int numThreads =
            Integer.getInteger("annvil.threads", Runtime.getRuntime().availableProcessors());
    private static volatile ForkJoinPool pool = new ForkJoinPool(numThreads);

    private Parallelism() {}

    /** Number of threads batch operations use. */
    public static int numThreads() {
        return numThreads;
    }

    /**
     * Sets the number of threads batch operations use (FAISS: {@code omp_set_num_threads}).
     *
     * @throws IllegalArgumentException if n &lt; 1
     */
    public static synchronized void setNumThreads(int n) {
        Checks.positive("numThreads", n);
        if (n != numThreads) {
            ForkJoinPool old = pool;
            pool = new ForkJoinPool(n);
            numThreads = n;
            old.shutdown();
        }
    }

    /**
     * Runs body(0) .. body(tasks-1), in parallel when tasks &gt; 1 and more than one thread is set;
     * returns when all are done. The first exception of a task is rethrown to the caller once all
     * tasks have finished.
     */
    public static void forEach(int tasks, IntConsumer body) {
        if (tasks <= 1 || numThreads == 1) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        List<ForkJoinTask<?>> running = new ArrayList<>(tasks);
        ForkJoinPool p = pool;
        for (int t = 0; t < tasks; t++) {
            int task = t;
            running.add(p.submit(() -> body.accept(task)));
        }
        RuntimeException failure = null;
        for (ForkJoinTask<?> f : running) {
            try {
                f.join();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
