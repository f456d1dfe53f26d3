package dev.annvil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigTest {
    @TempDir
    Path dir;

    @Test
    void keyListSplitsAtTheFirstColonAndTrims() {
        assertThat(AuthConfig.parseKeyList("123:tenant-1, abc : tenant-2 ,k:t:with:colons"))
                .containsExactly(
                        Map.entry("123", "tenant-1"), Map.entry("abc", "tenant-2"), Map.entry("k", "t:with:colons"));
    }

    @Test
    void badPairsAreNamedByPositionWithoutShowingTheKey() {
        assertThatThrownBy(() -> AuthConfig.parseKeyList("a:b,secretkey"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--auth-keys pair 2 of 2 has no ':' (expected key:tenant)");
        assertThatThrownBy(() -> AuthConfig.parseKeyList(" :t")).hasMessageContaining("pair 1 of 1 has an empty key");
        assertThatThrownBy(() -> AuthConfig.parseKeyList("secretkey: ")).hasMessageContaining("empty tenant");
        assertThatThrownBy(() -> AuthConfig.parseKeyList("a:b,")).hasMessageContaining("pair 2 of 2 has no ':'");
        assertThatThrownBy(() -> AuthConfig.parseKeyList("secretkey:b,secretkey:c"))
                .hasMessage("--auth-keys pair 2 of 2 repeats an API key given earlier");
        assertThatThrownBy(() -> AuthConfig.parseKeyList("a:b,secretkey"))
                .message()
                .doesNotContain("secretkey");
    }

    @Test
    void keyFileIsAJsonObjectOfStrings() throws Exception {
        Path f = dir.resolve("keys.json");
        Files.writeString(f, "{\"123\": \"tenant-1\", \"abc\": \"tenant-2\", \"none\": \"\"}");
        assertThat(AuthConfig.readKeyFile(f))
                .containsEntry("123", "tenant-1")
                .containsEntry("none", "")
                .hasSize(3);

        Files.writeString(f, "[1, 2]");
        assertThatThrownBy(() -> AuthConfig.readKeyFile(f)).hasMessageContaining("must hold a JSON object");
        Files.writeString(f, "{\"k\": 5}");
        assertThatThrownBy(() -> AuthConfig.readKeyFile(f)).hasMessageContaining("entry 1 maps a key to NUMBER");
        Files.writeString(f, "{\"k\": ");
        assertThatThrownBy(() -> AuthConfig.readKeyFile(f)).hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> AuthConfig.readKeyFile(dir.resolve("missing.json")))
                .hasMessageContaining("cannot read auth file");
    }

    @Test
    void activeNeedsEnabledAndKeys() {
        assertThat(AuthConfig.disabled().active()).isFalse();
        assertThat(new AuthConfig(true, Map.of()).active()).isFalse();
        assertThat(new AuthConfig(false, Map.of("k", "t")).active()).isFalse();
        assertThat(AuthConfig.of(Map.of("k", "t")).active()).isTrue();
    }

    @Test
    void invalidKeysAndTenantsAreRefusedAndKeysNeverShown() {
        assertThatThrownBy(() -> AuthConfig.of(Map.of("k".repeat(257), "t"))).hasMessageContaining("1..256");
        assertThatThrownBy(() -> AuthConfig.of(Map.of("k", "a" + TenantNamespace.SEPARATOR)))
                .hasMessageContaining("U+241F");
        assertThatThrownBy(() -> AuthConfig.of(Map.of("k", "a\nb"))).hasMessageContaining("U+000A");
        assertThat(AuthConfig.of(Map.of("topsecret", "t1")).toString())
                .doesNotContain("topsecret")
                .contains("t1");
    }

    @Test
    void namespaceMapsIdsBothWays() {
        TenantNamespace ns = new TenantNamespace("t1");
        String internal = ns.toInternal("docs");
        assertThat(internal).isEqualTo("t1" + TenantNamespace.SEPARATOR + "docs");
        assertThat(ns.owns(internal)).isTrue();
        assertThat(new TenantNamespace("t").owns(internal)).isFalse();
        assertThat(new TenantNamespace("t1x").owns(internal)).isFalse();
        assertThat(ns.toClientText("Index " + internal + " not found")).isEqualTo("Index docs not found");
        assertThatThrownBy(() -> ns.toInternal("a" + TenantNamespace.SEPARATOR)).hasMessageContaining("U+241F");
        Map<String, Object> reply = Map.of(
                "index_id", internal,
                "merged_stats", Map.of(ns.toInternal("s"), Map.of("type", "direct")),
                "metadata", internal);
        Map<String, Object> out = ns.toClientReply(reply);
        assertThat(out).containsEntry("index_id", "docs").containsEntry("metadata", internal);
        assertThat(out.get("merged_stats")).isEqualTo(Map.of("s", Map.of("type", "direct")));
    }

    @Test
    void authenticatorFollowsTheSpecOrder() {
        Authenticator auth = new Authenticator(AuthConfig.of(Map.of("k1", "t1", "k2", "t2", "k3", "")));
        assertThat(auth.authenticate(Map.of("api_key", "k2")))
                .isInstanceOfSatisfying(
                        Authenticator.Result.Ok.class,
                        ok -> assertThat(ok.namespace().tenant()).isEqualTo("t2"));
        assertThat(auth.authenticate(Map.of())).isEqualTo(new Authenticator.Result.Denied("API key required"));
        assertThat(auth.authenticate(Map.of("api_key", "k3")))
                .isEqualTo(new Authenticator.Result.Denied("Invalid API key"));
        assertThat(auth.authenticate(Map.of("api_key", "k1x")))
                .isEqualTo(new Authenticator.Result.Denied("Invalid API key"));
        assertThat(auth.authenticate(Map.of("api_key", "k1", "tenant_id", true)))
                .isEqualTo(new Authenticator.Result.Denied("Invalid tenant ID"));
    }
}
