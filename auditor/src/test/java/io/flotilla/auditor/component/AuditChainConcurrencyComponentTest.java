package io.flotilla.auditor.component;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.flotilla.auditor.KafkaTopicsResource;
import io.flotilla.auditor.TestEvents;
import io.flotilla.auditor.db.AuditLog;
import io.flotilla.auditor.domain.AuditRecord;
import io.flotilla.auditor.domain.StoreOutcome;
import io.flotilla.events.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Appends racing each other, as from several auditor instances, still make one chain. */
@QuarkusTest
@WithTestResource(value = KafkaTopicsResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AuditChainConcurrencyComponentTest {
  private static final int APPENDS = 24;

  @Inject AuditLog log;
  @Inject Vertx vertx;

  private CompletableFuture<StoreOutcome> appendOnItsOwnContext(AuditRecord record) {
    CompletableFuture<StoreOutcome> done = new CompletableFuture<>();
    Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
    VertxContextSafetyToggle.setContextSafe(context, true);
    context.runOnContext(
        ignored ->
            log.append(record, Instant.now())
                .subscribe()
                .with(done::complete, done::completeExceptionally));
    return done;
  }

  @Test
  void shouldNotForkTheChainWhenAppendsRace() throws Exception {
    String app = "app-" + UUID.randomUUID();
    List<CompletableFuture<StoreOutcome>> appends = new ArrayList<>();
    for (int i = 0; i < APPENDS; i++) {
      String value = TestEvents.CODEC.encode(TestEvents.commit(app, TestEvents.sha()));
      AuditRecord record = AuditRecord.parse(Topics.COMMITS, value, TestEvents.CODEC);
      appends.add(appendOnItsOwnContext(record));
      appends.add(appendOnItsOwnContext(record)); // and its redelivery, racing it
    }
    CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    assertThat(appends.stream().map(CompletableFuture::join))
        .filteredOn(StoreOutcome.Stored.class::isInstance)
        .hasSize(APPENDS);
    assertThat(AuditApi.search(Map.of("app", app)).getList("$")).hasSize(APPENDS);
    given().get("/api/v1/audit/verify").then().statusCode(200).body("verified", equalTo(true));
  }
}
