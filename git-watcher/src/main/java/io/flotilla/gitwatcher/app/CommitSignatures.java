package io.flotilla.gitwatcher.app;

import io.flotilla.events.Signature;
import io.flotilla.fleet.Application;
import io.flotilla.fleet.Fleet;
import io.flotilla.gitwatcher.git.OpenPgpCommitVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Checks a commit's signature against the keys its application allows (from the fleet repo). */
@ApplicationScoped
public class CommitSignatures {
  private final FleetHolder fleet;

  CommitSignatures(FleetHolder fleet) {
    this.fleet = fleet;
  }

  /** The check of a commit already read ({@code git cat-file commit}) against the app's keys. */
  public Signature check(Application app, byte[] rawCommit) {
    Fleet current = fleet.fleet();
    List<String> keys =
        app.signatures().keys().stream().map(current.keys()::get).filter(k -> k != null).toList();
    return OpenPgpCommitVerifier.verify(rawCommit, keys, app.signatures().required());
  }
}
