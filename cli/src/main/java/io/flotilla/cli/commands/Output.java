package io.flotilla.cli.commands;

/** {@code -o}: how a command prints what it read. */
public enum Output {
  table,
  json,
  yaml,
  ndjson
}
