package io.flotilla.e2e.faults;

import io.flotilla.events.CloudEvent;
import io.flotilla.events.EventCodec;
import io.flotilla.events.EventDecodingException;
import io.flotilla.events.FlotillaEvent;
import io.flotilla.events.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What fault tests compare: the distinct event ids of one app found on the audited topics, and the
 * rows of one IT's audit database. "Exactly once" means every id on the topics has one row, and no
 * id has two.
 */
public final class EventLedger {
  /** The topics whose events the auditor records (the dead-letter topic is audited by position). */
  public static final List<String> AUDITED =
      List.of(Topics.COMMITS, Topics.DESIRED, Topics.SYNC_RESULTS, Topics.DRIFT, Topics.CONTROL);

  private static final EventCodec CODEC = new EventCodec();
  private final String bootstrap;
  private final String dbUrl;

  /**
   * @param bootstrap the broker
   * @param dbUrl {@code postgresql://host:port/db} of the IT's own audit database
   */
  public EventLedger(String bootstrap, String dbUrl) {
    this.bootstrap = bootstrap;
    this.dbUrl = dbUrl;
  }

  /** Drops the database if a previous run left it ({@code platform.sh up} creates it again). */
  public void dropDatabase() throws SQLException {
    String name = dbUrl.substring(dbUrl.lastIndexOf('/') + 1);
    String admin = dbUrl.substring(0, dbUrl.lastIndexOf('/') + 1) + "postgres";
    try (Connection db = DriverManager.getConnection("jdbc:" + admin, credentials());
        Statement s = db.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:" + dbUrl, credentials());
  }

  /** Every readable event of {@code app} on the audited topics, read from the beginning. */
  public Set<String> eventIdsOnTopics(String app) {
    Set<String> ids = new LinkedHashSet<>();
    for (ConsumerRecord<String, String> r : readAll(AUDITED)) {
      CloudEvent<FlotillaEvent> event;
      try {
        event = CODEC.decode(r.value());
      } catch (EventDecodingException e) {
        continue; // a poison record is no event: it is audited by position, from the dead letters
      }
      if (event.data() != null && app.equals(event.data().app())) {
        ids.add(event.id());
      }
    }
    return ids;
  }

  /** Rows per event id for {@code app} in the audit log (an id with 2 is a duplicate). */
  public Map<String, Integer> rowsPerEventId(String app) throws SQLException {
    Map<String, Integer> rows = new HashMap<>();
    try (Connection db = connect();
        PreparedStatement q =
            db.prepareStatement(
                "SELECT event_id, count(*) FROM audit_log WHERE app = ? GROUP BY event_id")) {
      q.setString(1, app);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return rows;
  }

  /**
   * Rows with this exact event id (a dead letter's is {@code dead-letter:<topic>/<p>/<offset>}).
   */
  public List<String> envelopesOf(String eventId) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection db = connect();
        PreparedStatement q =
            db.prepareStatement("SELECT envelope FROM audit_log WHERE event_id = ? ORDER BY seq")) {
      q.setString(1, eventId);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Every record of {@code topics} from the beginning to the current end. */
  public List<ConsumerRecord<String, String>> readAll(List<String> topics) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer
            .partitionsFor(topic)
            .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading " + topics + " took over 60 s");
        }
        consumer.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }

  private static Properties credentials() {
    Properties p = new Properties();
    p.put("user", "flotilla");
    p.put("password", "flotilla");
    return p;
  }
}
