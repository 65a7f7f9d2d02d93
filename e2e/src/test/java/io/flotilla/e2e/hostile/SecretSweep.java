package io.flotilla.e2e.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Looks for known secret values wherever the platform writes: every record (key, value, headers) of
 * every topic, every file under the log folder, every row of every table, and every HTTP answer a
 * test kept. Each hit names where it was found; the secret itself is never printed.
 */
public final class SecretSweep {
  private final Map<String, String> secrets;
  private final List<String> hits = new ArrayList<>();
  private long searched;

  /**
   * @param secrets a label (printed) to the secret value (never printed)
   */
  public SecretSweep(Map<String, String> secrets) {
    this.secrets = Map.copyOf(secrets);
  }

  public List<String> hits() {
    return List.copyOf(hits);
  }

  /** How many topic records, files, rows and answers were searched. */
  public long searched() {
    return searched;
  }

  private void check(String where, String text) {
    searched++;
    secrets.forEach(
        (label, value) -> {
          if (text != null && text.contains(value)) {
            hits.add(label + " in " + where);
          }
        });
  }

  public SecretSweep topics(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    List<String> topics;
    try (Admin admin = Admin.create(p)) {
      topics = admin.listTopics().names().get().stream().sorted().toList();
    } catch (Exception e) {
      throw new IllegalStateException("cannot list the topics of " + bootstrap + ": " + e, e);
    }
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      for (String topic : topics) {
        List<TopicPartition> parts =
            consumer.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts);
        while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            String where = topic + "-" + r.partition() + "@" + r.offset();
            StringBuilder all = new StringBuilder();
            all.append(text(r.key())).append('\n').append(text(r.value()));
            r.headers().forEach(h -> all.append('\n').append(h.key()).append(text(h.value())));
            check(where, all.toString());
          }
        }
      }
    }
    return this;
  }

  public SecretSweep files(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("no folder " + dir + " to search");
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        check(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Every row of every table of the database's public schema, as text. */
  public SecretSweep database(Connection db) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                    + " ORDER BY table_name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    if (tables.isEmpty()) {
      throw new IllegalStateException("the audit database has no table to search");
    }
    for (String table : tables) {
      try (Statement s = db.createStatement();
          ResultSet rs = s.executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
        long row = 0;
        while (rs.next()) {
          check("table " + table + " row " + ++row, rs.getString(1));
        }
      }
    }
    return this;
  }

  public SecretSweep answers(List<String> bodies) {
    for (int i = 0; i < bodies.size(); i++) {
      check("HTTP answer " + i, bodies.get(i));
    }
    return this;
  }

  private static String text(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }
}
