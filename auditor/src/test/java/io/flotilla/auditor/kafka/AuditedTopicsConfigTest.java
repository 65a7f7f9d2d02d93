package io.flotilla.auditor.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AuditedTopicsConfigTest {

  private static Properties applicationProperties() throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        AuditedTopicsConfigTest.class.getResourceAsStream("/application.properties")) {
      properties.load(in);
    }
    return properties;
  }

  @Test
  void shouldConsumeExactlyTheAuditedTopics() throws IOException {
    String topics = applicationProperties().getProperty("mp.messaging.incoming.audit.topics");

    assertThat(Arrays.asList(topics.split(",")))
        .containsExactlyInAnyOrderElementsOf(Topics.AUDITED);
  }

  @Test
  void shouldDeadLetterToTheSharedDeadLetterTopic() throws IOException {
    Properties properties = applicationProperties();

    assertThat(properties.getProperty("mp.messaging.outgoing.dead-letter.topic"))
        .isEqualTo(Topics.DEAD_LETTER);
  }
}
