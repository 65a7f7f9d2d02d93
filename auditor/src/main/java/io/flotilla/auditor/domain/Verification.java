package io.flotilla.auditor.domain;

/**
 * The result of checking a chain.
 *
 * @param verified every row checked is intact and linked to the one before
 * @param entries how many rows were checked
 * @param firstBroken the first row that is not, or {@code null} when verified
 */
public record Verification(boolean verified, long entries, Broken firstBroken) {

  /**
   * A broken row.
   *
   * @param seq its position
   * @param expected the hash the chain calls for: the previous row's hash when the row's {@code
   *     prev_hash} does not match it, else the hash recomputed over the row's content
   * @param actual what the row stores in its place ({@code prev_hash}, or {@code hash})
   */
  public record Broken(long seq, String expected, String actual) {}
}
