package io.flotilla.cli.commands;

import picocli.CommandLine.Command;

@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = "(coming)",
    footerHeading = "%nExamples:%n",
    footer = "  flotilla diff guestbook --ref feature-x")
public final class DiffCommand extends BaseCommand {
  @Override
  public Integer call() {
    return 2;
  }
}
