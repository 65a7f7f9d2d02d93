package io.flotilla.auditor.domain;

import io.flotilla.events.EventCodec;
import java.util.List;

/**
 * The hash chain of the audit log. Each record's hash covers the previous record's hash and its own
 * canonical envelope, so changing, removing or reordering any stored record breaks every hash from
 * that record on.
 *
 * <pre>hash(n) = sha256(hash(n-1) || canonicalEnvelope(n))   hash(0) = GENESIS</pre>
 *
 * <p>Both hashes are lower-case hex strings; {@code ||} is string concatenation, and sha256 is
 * taken over the UTF-8 bytes ({@link EventCodec#sha256}).
 */
public final class AuditChain {
  /** The {@code prev_hash} of the first record: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** The hash of a record whose predecessor's hash is {@code prevHash}. */
  public static String next(String prevHash, String canonicalEnvelope) {
    return EventCodec.sha256(prevHash + canonicalEnvelope);
  }

  /**
   * Verifies a whole chain given in storage order ({@code seq} ascending), starting from genesis.
   */
  public static Verification verify(List<ChainLink> links) {
    Verifier verifier = new Verifier();
    links.forEach(verifier::accept);
    return verifier.result();
  }

  /**
   * Verifies a chain fed link by link in storage order, so a long chain can be read in pages
   * without holding it all in memory. Not thread-safe; one per verification.
   */
  public static final class Verifier {
    private String expectedPrev = GENESIS;
    private long entries;
    private Long firstBroken;

    public void accept(ChainLink link) {
      entries++;
      if (firstBroken == null && !intact(link)) {
        firstBroken = link.seq();
      }
      // continue from what is stored, so a later break is not reported for this one
      expectedPrev = link.hash();
    }

    private boolean intact(ChainLink link) {
      return expectedPrev.equals(link.prevHash())
          && next(link.prevHash(), link.envelope()).equals(link.hash());
    }

    public Verification result() {
      return new Verification(firstBroken == null, entries, firstBroken);
    }
  }
}
