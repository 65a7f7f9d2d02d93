package io.flotilla.auditor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.auditor.TestEvents;
import io.flotilla.auditor.domain.AuditRecord;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.DesiredState;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.Topics;
import io.flotilla.events.WatchFailed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordParserTest {
  private final RecordParser parser = new RecordParser(TestEvents.CODEC);

  @Test
  void shouldKeepACommitAsTheCanonicalEnvelopeWithItsAuthorAndMessage() {
    CloudEvent<CommitDetected> commit = TestEvents.commit("guestbook", "abc123");
    String value = TestEvents.CODEC.encode(commit);

    AuditRecord r = parser.parse(Topics.COMMITS, value);

    assertThat(r.envelope()).isEqualTo(EventCodec.canonical(value));
    assertThat(r.actor()).isEqualTo("Alice Example <alice@example.com>");
    assertThat(r.message()).isEqualTo("scale to 3 replicas\n");
    assertThat(r.app()).isEqualTo("guestbook");
    assertThat(r.cluster()).isNull();
    assertThat(r.revision()).isEqualTo("abc123");
    assertThat(r.bundle()).isNull();
  }

  @Test
  void shouldNameTheServiceAsActorOfAnEventWithoutAuthor() {
    CloudEvent<WatchFailed> failed =
        new CloudEvent<>(
            UUID.randomUUID().toString(),
            "/flotilla/git-watcher/host-1",
            "io.flotilla.watch.failed.v1",
            "guestbook",
            TestEvents.T0,
            new WatchFailed("guestbook", "file:///r", "main", "no such ref", TestEvents.T0));

    AuditRecord r = parser.parse(Topics.COMMITS, TestEvents.CODEC.encode(failed));

    assertThat(r.actor()).isEqualTo("flotilla/git-watcher");
    assertThat(r.message()).isEqualTo("no such ref");
    assertThat(r.revision()).isNull();
  }

  @Test
  void shouldMoveManifestsToABundleAndHashEverySecretValue() {
    String secretValue = "c3VwZXItc2VjcmV0LXBhc3N3b3Jk"; // base64 of super-secret-password
    String plain = "plain-secret-text-42";
    CloudEvent<DesiredState> desired =
        TestEvents.desiredWith(
            "guestbook",
            "prod-eu-1",
            "abc123",
            List.of(
                Map.of(
                    "apiVersion", "v1",
                    "kind", "Secret",
                    "metadata", Map.of("name", "db", "namespace", "guestbook"),
                    "data", Map.of("password", secretValue),
                    "stringData", Map.of("token", plain))));
    String value = TestEvents.CODEC.encode(desired);

    AuditRecord r = parser.parse(Topics.DESIRED, value);

    assertThat(r.envelope())
        .doesNotContain(secretValue)
        .doesNotContain(plain)
        .doesNotContain("\"resources\"");
    assertThat(r.bundle().content())
        .doesNotContain(secretValue)
        .doesNotContain(plain)
        .contains("\"password\":\"sha256:" + EventCodec.sha256(secretValue) + "\"")
        .contains("\"token\":\"sha256:" + EventCodec.sha256(plain) + "\"")
        .contains("\"name\":\"db\"");
    assertThat(r.bundle().hash()).isEqualTo(EventCodec.sha256(r.bundle().content()));
    assertThat(r.actor()).isEqualTo("Alice Example <alice@example.com>");
  }

  @Test
  void shouldWriteTheSameCanonicalJsonAsTheCodec() throws Exception {
    String value =
        "{\"z\":[{\"b\":1.50,\"a\":-0.0,\"c\":1e3}],\"a\":{\"y\":\"\\u00e9\\n\",\"x\":null,"
            + "\"w\":true,\"v\":12345678901234567890}}";
    assertThat(RecordParser.canonical(io.flotilla.events.EventCodec.mapper().readTree(value)))
        .isEqualTo(EventCodec.canonical(value));
  }

  @Test
  void shouldGiveTheSameBundleHashToTheSameManifests() {
    String sha = TestEvents.sha();
    AuditRecord a =
        parser.parse(
            Topics.DESIRED,
            TestEvents.CODEC.encode(TestEvents.desired("app", "c1", sha, TestEvents.ALICE)));
    AuditRecord b =
        parser.parse(
            Topics.DESIRED,
            TestEvents.CODEC.encode(TestEvents.desired("app", "c2", sha, TestEvents.ALICE)));
    assertThat(a.bundle().hash()).isEqualTo(b.bundle().hash());
  }

  @Test
  void shouldRefuseWhatTheDatabaseCouldNotIndexOrStore() {
    CloudEvent<CommitDetected> commit = TestEvents.commit("x".repeat(1001), "abc");
    assertThatThrownBy(() -> parser.parse(Topics.COMMITS, TestEvents.CODEC.encode(commit)))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("'app' is longer than 1000 characters");

    String farFuture =
        TestEvents.CODEC
            .encode(TestEvents.commit("app", "abc"))
            .replace("2026-11-26T10:15:30.123Z", "+12026-11-26T10:15:30.123Z");
    assertThatThrownBy(() -> parser.parse(Topics.COMMITS, farFuture))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("outside years 1 to 9999");
  }

  @Test
  void shouldKeepTheEventTimeToTheMicrosecond() {
    String value =
        TestEvents.CODEC
            .encode(TestEvents.commit("app", "abc"))
            .replace("2026-11-26T10:15:30.123Z", "2026-11-26T10:15:30.123456789Z");
    assertThat(parser.parse(Topics.COMMITS, value).eventTime())
        .isEqualTo(Instant.parse("2026-11-26T10:15:30.123456Z"));
  }
}
