package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each setting comes from: flag, then environment, then config file, then default. */
class SettingsTest {
  @TempDir Path tmp;

  static final Settings.Flags NO_FLAGS = new Settings.Flags(null, null, null, null, null);

  @Test
  void theConfigFileShouldServeBelowEnvironmentAndFlags() throws Exception {
    Files.writeString(tmp.resolve("api-tokens"), "# comment\ns3cret-token admin\n");
    Path config = tmp.resolve("flotilla/config.yaml");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "server: http://from-file:1\ntokenFile: ../api-tokens\n");
    Map<String, String> env = Map.of("XDG_CONFIG_HOME", tmp.toString());

    Settings fromFile = Settings.resolve(NO_FLAGS, env);
    assertThat(fromFile.server()).isEqualTo("http://from-file:1");
    assertThat(fromFile.serverSource()).isEqualTo("server in config file " + config);
    assertThat(fromFile.token()).isEqualTo("s3cret-token");
    assertThat(fromFile.auditServer()).isEqualTo(Settings.DEFAULT_AUDIT_SERVER);

    Settings fromEnv =
        Settings.resolve(
            NO_FLAGS, Map.of("XDG_CONFIG_HOME", tmp.toString(), "FLOTILLA_SERVER", "http://env:2"));
    assertThat(fromEnv.server()).isEqualTo("http://env:2");
    assertThat(fromEnv.serverSource()).isEqualTo("FLOTILLA_SERVER");

    Settings fromFlag =
        Settings.resolve(
            new Settings.Flags("http://flag:3", null, "t", null, null),
            Map.of("XDG_CONFIG_HOME", tmp.toString(), "FLOTILLA_SERVER", "http://env:2"));
    assertThat(fromFlag.server()).isEqualTo("http://flag:3");
    assertThat(fromFlag.serverSource()).isEqualTo("--server");
    assertThat(fromFlag.token()).isEqualTo("t");
  }
}
