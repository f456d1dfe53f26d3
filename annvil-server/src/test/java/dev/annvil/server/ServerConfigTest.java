package dev.annvil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    @Test
    void defaults() {
        ServerConfig c = ServerConfig.defaults();
        assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(45678);
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.maxRequestBytes()).isEqualTo(104_857_600L);
        assertThat(c.workerThreads())
                .isEqualTo(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void invalidSettingsNameTheFieldAndValue() {
        ServerConfig c = ServerConfig.defaults();
        assertThatThrownBy(() -> c.withPort(70000)).hasMessageContaining("port=70000");
        assertThatThrownBy(() -> c.withPort(-1)).hasMessageContaining("port=-1");
        assertThatThrownBy(() -> c.withBindAddress(" ")).hasMessageContaining("bindAddress=\" \"");
        assertThatThrownBy(() -> c.withBindAddress(null)).hasMessageContaining("bindAddress=null");
        assertThatThrownBy(() -> c.withMaxRequestBytes(0)).hasMessageContaining("maxRequestBytes=0");
        assertThatThrownBy(() -> c.withWorkerThreads(0)).hasMessageContaining("workerThreads=0");
        assertThat(c.withDataDir(null).dataDir()).isNull();
    }

    @Test
    void tildeExpandsToTheHomeDirectory() {
        Path home = Path.of(System.getProperty("user.home"));
        assertThat(ServerConfig.defaults().withDataDir(Path.of("~/annvil-data")).dataDir())
                .isEqualTo(home.resolve("annvil-data"));
        assertThat(ServerConfig.defaults().withDataDir(Path.of("~")).dataDir()).isEqualTo(home);
        assertThat(ServerConfig.defaults().withDataDir(Path.of("a/~b")).dataDir())
                .isEqualTo(Path.of("a/~b"));
    }

    @Test
    void refusesNonLoopbackWithoutAuthUnlessInsecure() {
        ServerConfig open = ServerConfig.defaults().withBindAddress("0.0.0.0");
        assertThat(open.insecureBindProblem())
                .startsWith("Refusing to listen on 0.0.0.0: authentication is off")
                .contains("--insecure");
        assertThat(open.withInsecure(true).insecureBindProblem()).isNull();
        assertThat(open.withAuth(dev.annvil.server.auth.AuthConfig.of(java.util.Map.of("k", "t")))
                        .insecureBindProblem())
                .isNull();
        assertThat(open.withAuth(new dev.annvil.server.auth.AuthConfig(true, java.util.Map.of()))
                        .insecureBindProblem())
                .contains("no API keys are configured");
        for (String loopback : new String[] {"127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"}) {
            assertThat(ServerConfig.defaults().withBindAddress(loopback).insecureBindProblem())
                    .as(loopback)
                    .isNull();
        }
        for (String exposed : new String[] {"0.0.0.0", "::", "*", "10.1.2.3", "eth0", "no-such-host.invalid"}) {
            assertThat(ServerConfig.isLoopback(exposed)).as(exposed).isFalse();
        }
        assertThatThrownBy(() -> AnnvilServer.start(open.withPort(0).withDataDir(null)))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("Refusing to listen on 0.0.0.0");
    }

    @Test
    void toStringShowsNoSecrets() {
        ServerConfig c = ServerConfig.defaults()
                .withAuth(dev.annvil.server.auth.AuthConfig.of(java.util.Map.of("topsecretkey", "t")))
                .withCurve(dev.annvil.server.auth.CurveKeyPair.generate());
        assertThat(c.toString())
                .doesNotContain("topsecretkey")
                .doesNotContain(c.curve().secretKey());
    }
}
