package io.flotilla.auditor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.events.EventCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  /** A chain of {@code n} links, seq 1..n, built the way the auditor appends. */
  private static List<ChainLink> chain(int n) {
    List<ChainLink> links = new ArrayList<>();
    String prev = AuditChain.GENESIS;
    for (int seq = 1; seq <= n; seq++) {
      String envelope = "{\"id\":\"e" + seq + "\",\"type\":\"t\"}";
      String hash = AuditChain.next(prev, envelope);
      links.add(new ChainLink(seq, prev, hash, envelope));
      prev = hash;
    }
    return links;
  }

  @Test
  void genesisIsSixtyFourZeros() {
    assertThat(AuditChain.GENESIS).hasSize(64).matches("0+");
  }

  @Test
  void shouldHashPreviousHashFollowedByEnvelope() {
    String envelope = "{\"a\":1}";
    assertThat(AuditChain.next(AuditChain.GENESIS, envelope))
        .isEqualTo(EventCodec.sha256(AuditChain.GENESIS + envelope))
        .matches("[0-9a-f]{64}")
        .isNotEqualTo(AuditChain.next("1".repeat(64), envelope));
  }

  @Test
  void shouldVerifyAnIntactChain() {
    assertThat(AuditChain.verify(chain(5))).isEqualTo(new Verification(true, 5, null));
  }

  @Test
  void shouldVerifyAnEmptyChain() {
    assertThat(AuditChain.verify(List.of())).isEqualTo(new Verification(true, 0, null));
  }

  @Test
  void shouldDetectTamperedEnvelopeAtItsSeq() {
    List<ChainLink> links = chain(5);
    ChainLink third = links.get(2);
    links.set(
        2,
        new ChainLink(
            third.seq(), third.prevHash(), third.hash(), third.envelope().replace("e3", "e9")));

    assertThat(AuditChain.verify(links)).isEqualTo(new Verification(false, 5, 3L));
  }

  @Test
  void shouldDetectTamperedPrevHashAtItsSeq() {
    List<ChainLink> links = chain(5);
    ChainLink fourth = links.get(3);
    links.set(3, new ChainLink(fourth.seq(), "f".repeat(64), fourth.hash(), fourth.envelope()));

    assertThat(AuditChain.verify(links)).isEqualTo(new Verification(false, 5, 4L));
  }

  @Test
  void shouldDetectRecomputedRowAtItsSeqEvenWhenItsOwnHashMatches() {
    // someone rewrites row 2 and recomputes its hash: row 2 is self-consistent, row 3 is not
    List<ChainLink> links = chain(5);
    ChainLink second = links.get(1);
    String forged = "{\"id\":\"e2\",\"type\":\"forged\"}";
    links.set(
        1,
        new ChainLink(
            second.seq(), second.prevHash(), AuditChain.next(second.prevHash(), forged), forged));

    assertThat(AuditChain.verify(links)).isEqualTo(new Verification(false, 5, 3L));
  }

  @Test
  void shouldDetectDeletedMiddleRowAtTheRowAfterTheGap() {
    List<ChainLink> links = chain(5);
    links.remove(2); // seq 3

    assertThat(AuditChain.verify(links)).isEqualTo(new Verification(false, 4, 4L));
  }

  @Test
  void shouldReportOnlyTheFirstBreak() {
    List<ChainLink> links = chain(6);
    links.remove(4); // seq 5
    links.remove(1); // seq 2

    assertThat(AuditChain.verify(links).firstBroken()).isEqualTo(3L);
  }

  @Test
  void shouldGiveTheSameResultFedLinkByLink() {
    List<ChainLink> links = chain(7);
    links.remove(5);
    AuditChain.Verifier verifier = new AuditChain.Verifier();
    links.forEach(verifier::accept);

    assertThat(verifier.result()).isEqualTo(AuditChain.verify(links));
  }
}
