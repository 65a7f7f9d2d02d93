package io.flotilla.events;

import java.util.Objects;

/** A Git identity: the author or committer of a commit. */
public record Person(String name, String email) {
  public Person {
    Objects.requireNonNull(name, "name");
    email = email == null ? "" : email;
  }

  /** {@code Name <email>}, the form Git prints and the audit log stores as the actor. */
  public String display() {
    return email.isEmpty() ? name : name + " <" + email + ">";
  }
}
