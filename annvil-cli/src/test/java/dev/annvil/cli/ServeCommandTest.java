package dev.annvil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annvil.server.ServerConfig;
import dev.annvil.server.auth.CurveKeyPair;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The security flags of {@code annvil serve} and {@code annvil keygen}. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = AnnvilCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    /** The settings `serve` would use for these flags and this environment. */
    private static ServerConfig config(Map<String, String> env, String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        serve.env = env;
        return serve.config();
    }

    @Test
    void refusesAnExposedAddressWithoutAuthentication() {
        Run r = run("serve", "--bind-address", "0.0.0.0", "--port", "0", "--in-memory");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("annvil: Refusing to listen on 0.0.0.0").contains("--insecure");
    }

    @Test
    void badAuthSettingsExitWithOneAndAClearMessage() {
        Run r = run("serve", "--port", "0", "--in-memory", "--enable-auth", "--auth-keys", "secret-without-colon");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip())
                .isEqualTo("annvil: --auth-keys pair 1 of 1 has no ':' (expected key:tenant)")
                .doesNotContain("secret-without-colon");
        Run both = run("serve", "--port", "0", "--in-memory", "--auth-keys", "a:b", "--auth-file", "x.json");
        assertThat(both.status()).isEqualTo(1);
        assertThat(both.err()).contains("--auth-keys and --auth-file cannot be used together");
        Run missing = run(
                "serve",
                "--port",
                "0",
                "--in-memory",
                "--auth-file",
                dir.resolve("nope.json").toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read auth file");
        Run curve = run(
                "serve",
                "--port",
                "0",
                "--in-memory",
                "--curve-secret-key-file",
                dir.resolve("nope.key").toString());
        assertThat(curve.status()).isEqualTo(1);
        assertThat(curve.err()).contains("cannot read CURVE key file");
    }

    @Test
    void authFlagsAndEnvironmentFallBacks() throws Exception {
        ServerConfig flags = config(Map.of(), "--enable-auth", "--auth-keys", "k1:t1, k2 : t2");
        assertThat(flags.auth().active()).isTrue();
        assertThat(flags.auth().keys()).containsEntry("k1", "t1").containsEntry("k2", "t2");

        ServerConfig env = config(Map.of("FAISSX_ENABLE_AUTH", "true", "FAISSX_AUTH_KEYS", "k:t"));
        assertThat(env.auth().active()).isTrue();
        assertThat(config(Map.of("FAISSX_ENABLE_AUTH", "1", "FAISSX_AUTH_KEYS", "k:t"))
                        .auth()
                        .active())
                .isTrue();
        assertThat(config(Map.of("FAISSX_ENABLE_AUTH", "false", "FAISSX_AUTH_KEYS", "k:t"))
                        .auth()
                        .enabled())
                .isFalse();

        Path file = dir.resolve("keys.json");
        Files.writeString(file, "{\"fk\": \"ft\"}");
        ServerConfig fromFile = config(Map.of("FAISSX_ENABLE_AUTH", "1", "FAISSX_AUTH_FILE", file.toString()));
        assertThat(fromFile.auth().keys()).containsExactly(Map.entry("fk", "ft"));
        // flags win: --auth-file replaces FAISSX_AUTH_KEYS instead of clashing with it
        ServerConfig flagWins =
                config(Map.of("FAISSX_AUTH_KEYS", "k:t"), "--enable-auth", "--auth-file", file.toString());
        assertThat(flagWins.auth().keys()).containsExactly(Map.entry("fk", "ft"));
        assertThatThrownBy(() -> config(Map.of("FAISSX_AUTH_KEYS", "k:t", "FAISSX_AUTH_FILE", file.toString())))
                .hasMessage("FAISSX_AUTH_KEYS and FAISSX_AUTH_FILE cannot be used together; give one");
        assertThatThrownBy(() -> config(Map.of("FAISSX_AUTH_KEYS", "nocolon")))
                .hasMessageStartingWith("FAISSX_AUTH_KEYS pair 1 of 1");
    }

    @Test
    void limitsAndInsecureFlags() {
        ServerConfig c = config(
                Map.of(),
                "--max-vectors-per-request",
                "50",
                "--max-dimension",
                "64",
                "--max-k",
                "7",
                "--max-indexes-per-tenant",
                "3",
                "--max-search-results",
                "99",
                "--insecure");
        assertThat(c.limits().maxVectorsPerRequest()).isEqualTo(50);
        assertThat(c.limits().maxDimension()).isEqualTo(64);
        assertThat(c.limits().maxK()).isEqualTo(7);
        assertThat(c.limits().maxIndexesPerTenant()).isEqualTo(3);
        assertThat(c.limits().maxSearchResults()).isEqualTo(99);
        assertThat(c.insecure()).isTrue();
        assertThat(config(Map.of()).limits()).isEqualTo(dev.annvil.server.Limits.defaults());
        assertThatThrownBy(() -> config(Map.of(), "--max-k", "0")).hasMessageContaining("maxK=0");
    }

    @Test
    void keygenPrintsAMatchingPair() {
        Run r = run("keygen");
        assertThat(r.status()).isZero();
        String pub = r.out()
                .lines()
                .filter(l -> l.startsWith("CURVE public key: "))
                .findFirst()
                .orElseThrow()
                .substring(18);
        String secret = r.out()
                .lines()
                .filter(l -> l.startsWith("CURVE secret key: "))
                .findFirst()
                .orElseThrow()
                .substring(18);
        assertThat(CurveKeyPair.fromSecret(secret).publicKey()).isEqualTo(pub);
    }

    @Test
    void keygenWritesCertificatesTheServerReads() throws Exception {
        Path key = dir.resolve("server.key");
        Run r = run("keygen", "--out", key.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).doesNotContain("secret key:");
        CurveKeyPair pair = CurveKeyPair.readFile(key);
        assertThat(r.out()).contains(pair.publicKey());
        assertThat(Files.readString(dir.resolve("server.key.public")))
                .contains("public-key = \"" + pair.publicKey() + "\"")
                .doesNotContain("secret-key");
        assertThat(Files.getPosixFilePermissions(key)).hasSize(2); // owner read + write only
        assertThat(config(Map.of(), "--curve-secret-key-file", key.toString()).curve())
                .isEqualTo(pair);
        Run again = run("keygen", "--out", key.toString());
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("exists already");
    }

    @Test
    void deadlineFlags() {
        ServerConfig defaults = config(Map.of());
        assertThat(defaults.requestTimeoutMs()).isEqualTo(30_000L);
        assertThat(defaults.trainTimeoutMs()).isEqualTo(30L * 60 * 1000);
        ServerConfig set = config(Map.of(), "--request-timeout-ms", "1500", "--train-timeout-ms", "60000");
        assertThat(set.requestTimeoutMs()).isEqualTo(1500L);
        assertThat(set.trainTimeoutMs()).isEqualTo(60_000L);
        assertThatThrownBy(() -> config(Map.of(), "--request-timeout-ms", "0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requestTimeoutMs=0");
    }
}
