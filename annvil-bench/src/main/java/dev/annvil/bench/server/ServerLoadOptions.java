package dev.annvil.bench.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@code annvil bench server} (see {@link ServerLoadMain#USAGE}). */
public final class ServerLoadOptions {
    String server;
    List<Integer> clients = List.of(1, 4, 16);
    double durationSeconds = 5;
    int d = 128;
    int n = 10_000;
    int indexes = 50;
    int multiIndexSize = 2_000;
    int batchQueries = 1_000;
    int addVectors = 100_000;
    Path out;

    /** Parses args after "server"; IllegalArgumentException with a message on bad input. */
    static ServerLoadOptions parse(String[] args, int from) {
        ServerLoadOptions o = new ServerLoadOptions();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null || v.startsWith("--")) {
                throw new IllegalArgumentException(
                        a.startsWith("--") ? a + " needs a value" : "unexpected '" + a + "'");
            }
            i++;
            switch (a) {
                case "--server" -> o.server = v;
                case "--clients" -> {
                    List<Integer> list = new ArrayList<>();
                    for (String p : v.split(",")) {
                        list.add(positive(p, a));
                    }
                    o.clients = List.copyOf(list);
                }
                case "--duration" -> {
                    o.durationSeconds = Double.parseDouble(v);
                    if (!(o.durationSeconds > 0 && o.durationSeconds <= 600)) {
                        throw new IllegalArgumentException("--duration must be in (0, 600] seconds, got " + v);
                    }
                }
                case "--d" -> o.d = positive(v, a);
                case "--n" -> o.n = positive(v, a);
                case "--indexes" -> o.indexes = positive(v, a);
                case "--index-size" -> o.multiIndexSize = positive(v, a);
                case "--batch-queries" -> o.batchQueries = positive(v, a);
                case "--add-vectors" -> o.addVectors = positive(v, a);
                case "--out" -> o.out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (o.server != null) {
            ServerLoad.checkLoopback(o.server);
        }
        return o;
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
}
