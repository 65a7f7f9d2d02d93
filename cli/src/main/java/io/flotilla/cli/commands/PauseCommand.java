package io.flotilla.cli.commands;

import picocli.CommandLine.Command;

@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description =
        "The emergency stop: nothing new is applied to the apps/clusters in scope until resumed."
            + " Prints when the applier shows the pause on every one of them.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  flotilla pause guestbook --reason \"bad release, investigating\"",
      "  flotilla pause --cluster prod-eu-1 --reason \"cluster upgrade\"",
      "  flotilla pause --all --reason \"incident 42\""
    })
public final class PauseCommand extends ControlCommand {
  @Override
  boolean pausing() {
    return true;
  }
}
