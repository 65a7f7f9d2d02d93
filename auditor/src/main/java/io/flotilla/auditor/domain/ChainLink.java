package io.flotilla.auditor.domain;

/**
 * One stored record as the chain sees it.
 *
 * @param seq its position in the log
 * @param prevHash the hash it was chained to
 * @param hash the hash stored with it
 * @param envelope the canonical envelope stored with it
 */
public record ChainLink(long seq, String prevHash, String hash, String envelope) {}
