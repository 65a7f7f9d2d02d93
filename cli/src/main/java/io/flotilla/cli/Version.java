package io.flotilla.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code flotilla --version}: the version the jar was built as. */
public final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Version.class.getPackage().getImplementationVersion();
    return new String[] {"flotilla " + (v == null ? "(development build)" : v)};
  }
}
