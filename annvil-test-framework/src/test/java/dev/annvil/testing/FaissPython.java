package dev.annvil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's python3-faiss as a subprocess for cross-checks, and exchanges little-endian
 * float32 / int64 / uint8 arrays with it through files.
 */
final class FaissPython {
    static final String PYTHON = "/usr/bin/python3";
    static final String INSTALL_HINT = "python3-faiss missing: apt-get install python3-faiss python3-numpy";

    private FaissPython() {}

    /** Aborts the calling test (a JUnit assumption), with the install command, unless {@link #available()}. */
    static void assumeAvailable() {
        assumeTrue(available(), INSTALL_HINT);
    }

    /** True if python3 can import faiss and numpy. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import faiss, numpy")
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the script in dir (its working directory, where it finds and leaves files); returns its trimmed output; fails the test on a non-zero exit. */
    static String run(Path dir, String script) throws IOException, InterruptedException {
        Path py = dir.resolve("script.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder(PYTHON, py.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("python finished").isTrue();
        assertThat(p.exitValue()).as("python output: %s", out).isZero();
        return out.trim();
    }

    static void writeFloats(Path file, float[] x) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(x);
        Files.write(file, b.array());
    }

    static float[] readFloats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] x = new float[b.remaining() / 4];
        b.asFloatBuffer().get(x);
        return x;
    }

    static long[] readLongs(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long[] x = new long[b.remaining() / 8];
        b.asLongBuffer().get(x);
        return x;
    }
}
