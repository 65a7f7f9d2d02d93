package io.flotilla.auditor.domain;

import static io.flotilla.auditor.TestEvents.CODEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.auditor.TestEvents;
import io.flotilla.events.CloudEvent;
import io.flotilla.events.CommitDetected;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.Topics;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

  @Test
  void shouldTakeIndexedFieldsAndCanonicalEnvelopeFromACommit() {
    CloudEvent<CommitDetected> event = TestEvents.commit("guestbook", "9fceb02d");
    String value = CODEC.encode(event);

    AuditRecord record = AuditRecord.parse(Topics.COMMITS, value, CODEC);

    assertThat(record)
        .isEqualTo(
            new AuditRecord(
                event.id(),
                "io.flotilla.commit.detected.v1",
                Topics.COMMITS,
                "guestbook",
                null,
                "9fceb02d",
                "Alice Example <alice@example.com>",
                TestEvents.T0,
                EventCodec.canonical(value)));
  }

  @Test
  void shouldTakeClusterAndLeaveActorEmptyWhenTheEventHasNoAuthor() {
    String value = CODEC.encode(TestEvents.desired("guestbook", "prod-eu-1", "9fceb02d", null));

    AuditRecord record = AuditRecord.parse(Topics.DESIRED, value, CODEC);

    assertThat(record.cluster()).isEqualTo("prod-eu-1");
    assertThat(record.actor()).isNull();
  }

  @Test
  void envelopeShouldNotDependOnKeyOrderOrWhitespace() {
    String a =
        "{\"specversion\":\"1.0\",\"id\":\"x1\",\"source\":\"/s\","
            + "\"type\":\"io.flotilla.render.failed.v1\",\"time\":\"2026-11-26T10:15:31.500Z\","
            + "\"data\":{\"app\":\"a\",\"cluster\":\"c\",\"revision\":\"r\",\"reason\":\"bad\"}}";
    String b =
        "{ \"data\" : {\"reason\":\"bad\",\"revision\":\"r\",\"cluster\":\"c\",\"app\":\"a\"},\n"
            + "\"time\":\"2026-11-26T10:15:31.500Z\",\"type\":\"io.flotilla.render.failed.v1\","
            + "\"source\":\"/s\",\"id\":\"x1\",\"specversion\":\"1.0\" }";

    assertThat(AuditRecord.parse(Topics.DESIRED, a, CODEC).envelope())
        .isEqualTo(AuditRecord.parse(Topics.DESIRED, b, CODEC).envelope())
        .startsWith("{\"data\":{\"app\":\"a\"");
  }

  @Test
  void shouldRejectAValueThatIsNotJson() {
    assertThatThrownBy(() -> AuditRecord.parse(Topics.COMMITS, "not json {", CODEC))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void shouldRejectAnUnknownType() {
    String value =
        CODEC
            .encode(TestEvents.commit("guestbook", "9fceb02d"))
            .replace("io.flotilla.commit.detected.v1", "io.flotilla.commit.exploded.v9");

    assertThatThrownBy(() -> AuditRecord.parse(Topics.COMMITS, value, CODEC))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("unknown type 'io.flotilla.commit.exploded.v9'");
  }

  @Test
  void shouldRejectTextPostgresCannotStore() {
    String value = CODEC.encode(TestEvents.commit("guest\u0000book", "9fceb02d"));

    assertThatThrownBy(() -> AuditRecord.parse(Topics.COMMITS, value, CODEC))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("'app' contains a NUL character");
  }
}
