package io.flotilla.auditor.db;

import io.flotilla.auditor.domain.AuditChain;
import io.flotilla.auditor.domain.AuditRecord;
import io.flotilla.auditor.domain.ChainLink;
import io.flotilla.auditor.domain.StoreOutcome;
import io.flotilla.auditor.domain.Verification;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hibernate.reactive.mutiny.Mutiny;

/** The audit log in PostgreSQL: append to the chain, search, fetch, verify. */
@ApplicationScoped
public class AuditLog implements PanacheRepositoryBase<AuditEntry, Long> {

  /**
   * The advisory lock every append takes for the length of its transaction, so appends from any
   * number of auditor instances are serialised and each reads the true last hash: the chain cannot
   * fork. (The value is arbitrary; it only has to be the same everywhere.)
   */
  static final long CHAIN_LOCK = 0x466c6f74696c6c61L; // "Flotilla"

  private static final int VERIFY_PAGE = 1000;

  /**
   * Appends {@code record} to the chain in one transaction: lock the chain, skip the event if its
   * id is already stored, read the last hash, insert the chained row.
   */
  public Uni<StoreOutcome> append(AuditRecord record, Instant recordedAt) {
    return Panache.withTransaction(
        () -> Panache.getSession().chain(session -> append(session, record, recordedAt)));
  }

  private static Uni<StoreOutcome> append(
      Mutiny.Session session, AuditRecord record, Instant recordedAt) {
    return lockChain(session)
        .chain(() -> seqOf(session, record.eventId()))
        .chain(
            existing ->
                existing != null
                    ? Uni.createFrom().<StoreOutcome>item(new StoreOutcome.Duplicate(existing))
                    : lastHash(session).chain(prev -> insert(session, record, prev, recordedAt)));
  }

  /** Held until the transaction ends; see {@link #CHAIN_LOCK}. */
  private static Uni<Integer> lockChain(Mutiny.Session session) {
    return session
        .createNativeQuery("select 1 from pg_advisory_xact_lock(" + CHAIN_LOCK + ")", Integer.class)
        .getSingleResult();
  }

  private static Uni<Long> seqOf(Mutiny.Session session, String eventId) {
    return session
        .createSelectionQuery("select seq from AuditEntry where eventId = :id", Long.class)
        .setParameter("id", eventId)
        .getSingleResultOrNull();
  }

  private static Uni<String> lastHash(Mutiny.Session session) {
    return session
        .createSelectionQuery("select hash from AuditEntry order by seq desc", String.class)
        .setMaxResults(1)
        .getSingleResultOrNull()
        .map(hash -> hash == null ? AuditChain.GENESIS : hash);
  }

  private static Uni<StoreOutcome> insert(
      Mutiny.Session session, AuditRecord record, String prevHash, Instant recordedAt) {
    AuditEntry entry = new AuditEntry();
    entry.eventId = record.eventId();
    entry.type = record.type();
    entry.topic = record.topic();
    entry.app = record.app();
    entry.cluster = record.cluster();
    entry.revision = record.revision();
    entry.actor = record.actor();
    entry.eventTime = record.eventTime();
    entry.recordedAt = recordedAt;
    entry.envelope = record.envelope();
    entry.prevHash = prevHash;
    entry.hash = AuditChain.next(prevHash, record.envelope());
    return session
        .persist(entry)
        .call(session::flush)
        .replaceWith(() -> new StoreOutcome.Stored(entry.seq, entry.hash));
  }

  /** Entries matching {@code query}, newest ({@code seq} highest) first. */
  public Uni<List<AuditEntry>> search(AuditQuery query) {
    List<String> where = new ArrayList<>();
    Parameters params = new Parameters();
    equal(where, params, "app", query.app());
    equal(where, params, "cluster", query.cluster());
    equal(where, params, "revision", query.revision());
    equal(where, params, "type", query.type());
    if (query.actor() != null) {
      String actor = query.actor().toLowerCase(Locale.ROOT);
      where.add("(lower(actor) = :actor or lower(actor) like :actorEmail escape '\\')");
      params.and("actor", actor).and("actorEmail", "%<" + escapeLike(actor) + ">");
    }
    Sort newestFirst = Sort.descending("seq");
    Page page = Page.ofSize(query.limit());
    return Panache.withSession(
        () ->
            where.isEmpty()
                ? findAll(newestFirst).page(page).list()
                : find(String.join(" and ", where), newestFirst, params).page(page).list());
  }

  private static void equal(List<String> where, Parameters params, String field, String value) {
    if (value != null) {
      where.add(field + " = :" + field);
      params.and(field, value);
    }
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** The entry for one CloudEvent id, or {@code null}. */
  public Uni<AuditEntry> findByEventId(String eventId) {
    return Panache.withSession(() -> find("eventId", eventId).firstResult());
  }

  /** Recomputes the whole chain from the stored rows, a page at a time. */
  public Uni<Verification> verifyChain() {
    AuditChain.Verifier verifier = new AuditChain.Verifier();
    return Panache.withSession(() -> verifyFrom(verifier, Long.MIN_VALUE))
        .replaceWith(verifier::result);
  }

  private Uni<Void> verifyFrom(AuditChain.Verifier verifier, long afterSeq) {
    return Panache.getSession()
        .chain(
            session ->
                session
                    .createSelectionQuery(
                        "select seq, prevHash, hash, envelope from AuditEntry"
                            + " where seq > :after order by seq",
                        Object[].class)
                    .setParameter("after", afterSeq)
                    .setMaxResults(VERIFY_PAGE)
                    .getResultList())
        .chain(
            rows -> {
              long last = afterSeq;
              for (Object[] row : rows) {
                last = (Long) row[0];
                verifier.accept(
                    new ChainLink(last, (String) row[1], (String) row[2], (String) row[3]));
              }
              return rows.size() < VERIFY_PAGE
                  ? Uni.createFrom().voidItem()
                  : verifyFrom(verifier, last);
            });
  }
}
