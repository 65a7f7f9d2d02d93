package io.flotilla.applier.domain;

/** One entry of a {@link Plan}: an object and what to do with it. */
public record Step(DesiredObject object, Action action) {

  public ObjectRef ref() {
    return object.ref();
  }
}
