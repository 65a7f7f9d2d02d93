package io.flotilla.auditor.domain;

/**
 * The result of checking a chain.
 *
 * @param verified every link is intact
 * @param entries how many records were checked
 * @param firstBroken the {@code seq} of the first record whose {@code prev_hash} is not its
 *     predecessor's hash or whose hash does not match its content; {@code null} when verified
 */
public record Verification(boolean verified, long entries, Long firstBroken) {}
