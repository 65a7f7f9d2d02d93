package io.flotilla.cli.commands;

import picocli.CommandLine.Command;

@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description =
        "Lift pauses (and rollback suspensions) within the scope; held changes are applied."
            + " Prints when the applier shows nothing in scope held any more.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  flotilla resume guestbook --reason \"fixed in 1.4.2\"",
      "  flotilla resume --all --reason \"incident 42 over\""
    })
public final class ResumeCommand extends ControlCommand {
  @Override
  boolean pausing() {
    return false;
  }
}
