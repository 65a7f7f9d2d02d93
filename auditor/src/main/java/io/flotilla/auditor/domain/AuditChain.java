package io.flotilla.auditor.domain;

import io.flotilla.events.EventCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The hash chain of the audit log. Each row's hash covers the previous row's hash and the row's
 * whole content, so changing any column of a stored row, or removing or reordering rows, breaks the
 * chain at that row.
 *
 * <pre>hash(n) = sha256(hash(n-1) || content(n))   hash(0) = GENESIS</pre>
 *
 * <p>Hashes are lower-case hex strings; {@code ||} is string concatenation; sha256 is taken over
 * the UTF-8 bytes ({@link EventCodec#sha256}); {@code content} is {@link AuditRow#content()}.
 */
public final class AuditChain {
  /** The {@code prev_hash} of the first row: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** The hash of a row with this content whose predecessor's hash is {@code prevHash}. */
  public static String next(String prevHash, String content) {
    return EventCodec.sha256(prevHash + content);
  }

  /**
   * Chains {@code records} in order after the row {@code (lastSeq, lastHash)} (0 and {@link
   * #GENESIS} for an empty log), each recorded at {@code recordedAt}.
   */
  public static List<AuditRow> extend(
      long lastSeq, String lastHash, List<AuditRecord> records, java.time.Instant recordedAt) {
    List<AuditRow> rows = new ArrayList<>(records.size());
    long seq = lastSeq;
    String prev = lastHash;
    for (AuditRecord r : records) {
      seq++;
      AuditRow unhashed = r.toRow(seq, recordedAt, prev, null);
      String hash = next(prev, unhashed.content());
      rows.add(r.toRow(seq, recordedAt, prev, hash));
      prev = hash;
    }
    return rows;
  }

  /**
   * Verifies a chain fed row by row in {@code seq} order, so a long chain can be read in pages
   * without holding it in memory. The first row fed is trusted to follow its stored {@code
   * prev_hash} (verification may start mid-chain); every later row must follow the one before. Not
   * thread-safe; one per verification.
   */
  public static final class Verifier {
    private String expectedPrev;
    private long entries;
    private Verification.Broken firstBroken;

    /** Verification from genesis: the first row must have {@link #GENESIS} as its prev_hash. */
    public static Verifier fromGenesis() {
      Verifier v = new Verifier();
      v.expectedPrev = GENESIS;
      return v;
    }

    /** Verification starting at some row, trusting that row's stored prev_hash. */
    public static Verifier fromAnyRow() {
      return new Verifier();
    }

    public void accept(AuditRow row) {
      entries++;
      if (firstBroken == null) {
        if (expectedPrev != null && !expectedPrev.equals(row.prevHash())) {
          firstBroken = new Verification.Broken(row.seq(), expectedPrev, row.prevHash());
        } else {
          String expected = next(row.prevHash(), row.content());
          if (!expected.equals(row.hash())) {
            firstBroken = new Verification.Broken(row.seq(), expected, row.hash());
          }
        }
      }
      // continue from what is stored, so a later break is not reported for this one
      expectedPrev = row.hash();
    }

    public Verification result() {
      return new Verification(firstBroken == null, entries, firstBroken);
    }
  }
}
