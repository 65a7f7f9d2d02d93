package io.flotilla.cli.commands;

import io.flotilla.cli.CliException;
import io.flotilla.cli.ExitCodes;
import io.flotilla.cli.Flotilla;
import io.flotilla.cli.api.ApiClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: the root's settings, client and output streams. */
abstract class BaseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  Flotilla root() {
    return (Flotilla) spec.root().userObject();
  }

  ApiClient client() {
    return root().client();
  }

  PrintWriter out() {
    return root().out();
  }

  static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }
}
