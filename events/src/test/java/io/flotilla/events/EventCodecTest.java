package io.flotilla.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventCodecTest {
  private final EventCodec codec = new EventCodec();
  private final ObjectMapper json = new ObjectMapper();

  @ParameterizedTest
  @EnumSource(EventType.class)
  void shouldDecodeGoldenFileIntoItsRecord(EventType type) throws IOException {
    CloudEvent<FlotillaEvent> decoded = codec.decode(golden(type));

    assertThat(decoded).isEqualTo(Fixtures.golden(type));
    assertThat(decoded.eventType()).isEqualTo(type);
  }

  /** Read in one pass when type comes before data, as a tree otherwise: the same event. */
  @ParameterizedTest
  @EnumSource(EventType.class)
  void shouldDecodeTheSameWhateverTheOrderOfTheEnvelope(EventType type) throws IOException {
    com.fasterxml.jackson.databind.node.ObjectNode golden =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(golden(type));
    com.fasterxml.jackson.databind.node.ObjectNode dataFirst = json.createObjectNode();
    dataFirst.set("data", golden.get("data"));
    golden.fields().forEachRemaining(e -> dataFirst.putIfAbsent(e.getKey(), e.getValue()));

    assertThat(codec.decode(dataFirst.toString())).isEqualTo(Fixtures.golden(type));
    assertThat(codec.decode(codec.encode(Fixtures.golden(type)))).isEqualTo(Fixtures.golden(type));
  }

  @Test
  void shouldReadBadOrOddValuesAsTheTreeReadsThem() throws IOException {
    String missingRevision =
        golden(EventType.DESIRED_STATE).replaceFirst("\"revision\"\\s*:", "\"notRevision\":");
    assertThatThrownBy(() -> codec.decode(missingRevision))
        .isInstanceOf(EventDecodingException.class)
        .hasMessage(
            "event 0b7e5a52-1f0c-4a8e-8d38-3e0f5f0a7c02 (io.flotilla.desiredstate.rendered.v1):"
                + " missing required field 'revision' (at data)");
    // a repeated attribute: the last one counts, as when the whole value is read as a tree
    String twoTypes = golden(EventType.SYNC_COMPLETED).replaceFirst("\\{", "{\"type\":\"x.y\",");
    assertThat(codec.decode(twoTypes)).isEqualTo(Fixtures.golden(EventType.SYNC_COMPLETED));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void shouldEncodeRecordExactlyAsGoldenFile(EventType type) throws IOException {
    JsonNode encoded = json.readTree(codec.encode(Fixtures.golden(type)));

    assertThat(encoded).isEqualTo(json.readTree(golden(type)));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void shouldMatchPublishedJsonSchema(EventType type) throws IOException {
    JsonSchema schema;
    try (InputStream in = resource("/schemas/" + type.type() + ".json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
    Set<ValidationMessage> golden = schema.validate(json.readTree(golden(type)));
    Set<ValidationMessage> fresh =
        schema.validate(json.readTree(codec.encode(Fixtures.golden(type))));

    assertThat(golden).isEmpty();
    assertThat(fresh).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void schemaShouldRejectEventWithoutData(EventType type) throws IOException {
    JsonSchema schema;
    try (InputStream in = resource("/schemas/" + type.type() + ".json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
    var event = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(golden(type));
    event.remove("data");

    assertThat(schema.validate(event)).isNotEmpty();
  }

  @Test
  void shouldIgnoreUnknownFieldsAddedByNewerProducers() throws IOException {
    var event =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(golden(EventType.COMMIT_DETECTED));
    ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("data")).put("newField", 1);

    assertThat(codec.decode(event.toString()))
        .isEqualTo(Fixtures.golden(EventType.COMMIT_DETECTED));
  }

  @Test
  void shouldOmitPreviousShaOnFirstSighting() {
    var first =
        new CommitDetected(
            "app",
            "file:///r.git",
            "main",
            Fixtures.SHA,
            null,
            Fixtures.ALICE,
            Fixtures.ALICE,
            "init",
            Instant.EPOCH);
    String encoded =
        codec.encode(
            CloudEvent.of(first, "/flotilla/test/1", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));

    assertThat(encoded).doesNotContain("previousSha");
    assertThat(codec.decode(encoded).data()).isEqualTo(first);
  }

  @Test
  void forcedShouldRoundTripAndBeAbsentWhenFalse() throws IOException {
    var golden = (CommitDetected) Fixtures.golden(EventType.COMMIT_DETECTED).data();
    var forced =
        new CommitDetected(
            golden.app(),
            golden.repoUrl(),
            golden.ref(),
            golden.sha(),
            golden.previousSha(),
            golden.author(),
            golden.committer(),
            golden.message(),
            golden.commitTime(),
            true);
    String encoded =
        codec.encode(
            CloudEvent.of(forced, "/flotilla/test/1", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));

    assertThat(json.readTree(encoded).at("/data/forced").asBoolean()).isTrue();
    assertThat(codec.decode(encoded).data()).isEqualTo(forced);
    assertThat(golden.forced()).isFalse();
    assertThat(codec.encode(Fixtures.golden(EventType.COMMIT_DETECTED))).doesNotContain("forced");
    JsonSchema schema;
    try (InputStream in = resource("/schemas/io.flotilla.commit.detected.v1.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
    assertThat(schema.validate(json.readTree(encoded))).isEmpty();
  }

  @Test
  void watchFailedShouldBeKeyedByAppAndCarryNoRevisionNorAuthor() {
    var failed =
        new WatchFailed(
            "guestbook",
            "file:///r.git",
            "main",
            "branch 'main' does not exist",
            Instant.parse("2026-01-01T00:00:00Z"));
    CloudEvent<WatchFailed> event =
        CloudEvent.of(
            failed, "/flotilla/git-watcher/x", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    String encoded = codec.encode(event);

    assertThat(event.key()).isEqualTo("guestbook");
    assertThat(event.subject()).isEqualTo("guestbook");
    assertThat(event.type()).isEqualTo("io.flotilla.watch.failed.v1");
    assertThat(encoded).doesNotContain("revision").doesNotContain("author");
    assertThat(codec.decode(encoded).data()).isEqualTo(failed);
    assertThat(failed.revision()).isNull();
    assertThat(failed.author()).isNull();
  }

  @Test
  void shouldStampNewEventsWithTypeSubjectAndUniqueId() {
    var clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00.123456Z"), ZoneOffset.UTC);
    var data = (DesiredState) Fixtures.golden(EventType.DESIRED_STATE).data();

    CloudEvent<DesiredState> a = CloudEvent.of(data, "/flotilla/renderer/x", clock);
    CloudEvent<DesiredState> b = CloudEvent.of(data, "/flotilla/renderer/x", clock);

    assertThat(a.type()).isEqualTo("io.flotilla.desiredstate.rendered.v1");
    assertThat(a.subject()).isEqualTo("guestbook/prod-eu-1");
    assertThat(a.key()).isEqualTo("prod-eu-1/guestbook");
    assertThat(a.time()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
    assertThat(a.id()).isNotEqualTo(b.id());
  }

  @Test
  void shouldNameTheProblemWhenValueIsNotJson() {
    assertThatThrownBy(() -> codec.decode("{\"type\": "))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("not JSON")
        .hasMessageContaining("line 1");
  }

  @Test
  void shouldNotQuoteTheValueItCannotRead() throws IOException {
    assertThatThrownBy(() -> codec.decode("{\"token\": hunter2-secret}"))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("not JSON")
        .hasMessageContaining("line 1")
        .hasMessageNotContaining("hunter2");

    var event =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(golden(EventType.SYNC_COMPLETED));
    ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("data"))
        .put("startedAt", "hunter2-secret");
    assertThatThrownBy(() -> codec.decode(event.toString()))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("startedAt")
        .hasMessageNotContaining("hunter2");
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void typeOfShouldReadTheTypeOfEveryGoldenEventAndWhatEncodeWrites(EventType type)
      throws IOException {
    assertThat(EventCodec.typeOf(golden(type))).isEqualTo(type.type());
    assertThat(EventCodec.typeOf(codec.encode(Fixtures.golden(type)))).isEqualTo(type.type());
  }

  @Test
  void typeOfShouldReadOnlyTheTopLevelTypeWhereverItStands() {
    String typeLast =
        "{\"data\":{\"type\":\"inner\",\"items\":[{\"type\":\"x\"}]},\"id\":\"1\","
            + "\"type\":\"io.flotilla.sync.completed.v1\"}";

    assertThat(EventCodec.typeOf(typeLast)).isEqualTo("io.flotilla.sync.completed.v1");
    assertThat(EventCodec.typeOf("{\"data\":{\"type\":\"inner\"}}")).isEmpty();
  }

  @Test
  void typeOfShouldBeEmptyForWhatIsNotAnEventObject() {
    assertThat(EventCodec.typeOf("")).isEmpty();
    assertThat(EventCodec.typeOf("not json")).isEmpty();
    assertThat(EventCodec.typeOf("[\"type\"]")).isEmpty();
    assertThat(EventCodec.typeOf("{\"type\":7}")).isEmpty();
    assertThat(EventCodec.typeOf("{\"id\":\"1\",\"data\":{\"unclosed\":")).isEmpty();
  }

  @Test
  void shouldNameUnknownType() {
    assertThatThrownBy(
            () ->
                codec.decode(
                    "{\"specversion\":\"1.0\",\"id\":\"x1\",\"source\":\"/s\",\"type\":\"io.other.thing.v1\","
                        + "\"time\":\"2026-01-01T00:00:00Z\",\"data\":{}}"))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("x1")
        .hasMessageContaining("unknown type 'io.other.thing.v1'");
  }

  @Test
  void shouldNameMissingRequiredField() throws IOException {
    var event =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(golden(EventType.SYNC_COMPLETED));
    ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("data")).remove("cluster");

    assertThatThrownBy(() -> codec.decode(event.toString()))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("io.flotilla.sync.completed.v1")
        .hasMessageContaining("'cluster'");
  }

  @Test
  void canonicalFormShouldNotDependOnKeyOrderOrWhitespace() {
    String a = "{\"b\": 1, \"a\": {\"y\": [1, 2], \"x\": \"s\"}}";
    String b = "{\"a\":{\"x\":\"s\",\"y\":[1,2]},\"b\":1}";

    assertThat(EventCodec.canonical(a)).isEqualTo(EventCodec.canonical(b)).isEqualTo(b);
    assertThat(EventCodec.sha256(EventCodec.canonical(a)))
        .isEqualTo(EventCodec.sha256(EventCodec.canonical(b)))
        .hasSize(64);
  }

  private static String golden(EventType type) throws IOException {
    try (InputStream in = resource("/golden/" + type.type() + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static InputStream resource(String path) {
    InputStream in = EventCodecTest.class.getResourceAsStream(path);
    assertThat(in).as("resource %s", path).isNotNull();
    return in;
  }
}
