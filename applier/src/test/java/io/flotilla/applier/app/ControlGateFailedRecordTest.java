package io.flotilla.applier.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record of a failed sync stays unsettled until the pair syncs, is replaced, or moves. */
class ControlGateFailedRecordTest {
  private final ControlGate gate = new ControlGate();
  private final Object assignment = new Object();

  @Test
  void shouldSettleTheFailedRecordWhenALaterSyncOfThePairSucceeds() {
    Lease failed = admit(Bundles.guestbook("sim-1", Bundles.REVISION_1, 2));
    assertThat(gate.keepFailed("guestbook", "sim-1", failed)).isEmpty();

    assertThat(gate.synced("guestbook", "sim-2")).as("another cluster's sync").isEmpty();
    assertThat(gate.synced("guestbook", "sim-1")).containsSame(failed);
    assertThat(gate.synced("guestbook", "sim-1")).as("settled once").isEmpty();
  }

  @Test
  void shouldHandTheFailedRecordToSettleWhenANewerDesiredStateReplacesIt() {
    Lease failed = admit(Bundles.guestbook("sim-1", Bundles.REVISION_1, 2));
    gate.keepFailed("guestbook", "sim-1", failed);

    List<RecordLease> superseded = new ArrayList<>();
    gate.admit(Bundles.guestbook("sim-1", Bundles.REVISION_2, 3), new Lease(), superseded);

    assertThat(superseded).containsExactly(failed);
    assertThat(gate.synced("guestbook", "sim-1")).isEmpty();
  }

  @Test
  void shouldReturnTheEarlierFailureOfThePairWhenItFailsAgain() {
    Lease first = admit(Bundles.guestbook("sim-1", Bundles.REVISION_1, 2));
    gate.keepFailed("guestbook", "sim-1", first);
    Lease second = new Lease();

    assertThat(gate.keepFailed("guestbook", "sim-1", second)).containsSame(first);
    assertThat(gate.synced("guestbook", "sim-1")).containsSame(second);
  }

  @Test
  void shouldDropTheFailedRecordUnsettledWhenItsPartitionMoves() {
    Lease failed = admit(Bundles.guestbook("sim-1", Bundles.REVISION_1, 2));
    gate.keepFailed("guestbook", "sim-1", failed);

    assertThat(gate.forget(owner -> owner == assignment))
        .containsExactly(new ControlGate.Key("guestbook", "sim-1"));

    // the next owner reads the record again: nothing here may settle it
    assertThat(gate.synced("guestbook", "sim-1")).isEmpty();
    List<RecordLease> superseded = new ArrayList<>();
    gate.admit(Bundles.guestbook("sim-1", Bundles.REVISION_2, 3), new Lease(), superseded);
    assertThat(superseded).isEmpty();
  }

  private Lease admit(io.flotilla.events.DesiredState desired) {
    Lease lease = new Lease();
    List<RecordLease> superseded = new ArrayList<>();
    assertThat(gate.admit(desired, lease, superseded)).isEmpty();
    assertThat(superseded).isEmpty();
    return lease;
  }

  /** A record of {@link #assignment}; the gate only keeps and hands back leases. */
  private final class Lease implements RecordLease {
    @Override
    public boolean begin() {
      return true;
    }

    @Override
    public void end() {}

    @Override
    public void ack() {
      throw new AssertionError("the gate never settles a record itself");
    }

    @Override
    public void nack(Throwable failure) {
      throw new AssertionError("the gate never settles a record itself");
    }

    @Override
    public boolean current() {
      return true;
    }

    @Override
    public Object owner() {
      return assignment;
    }
  }
}
