/**
 * The renderer's Kafka adapter: reads {@code flotilla.commits} (group {@code flotilla-renderer})
 * and writes {@code flotilla.desired}. A consumed record's offset is committed only after the use
 * case returned, i.e. after every event it produced was acknowledged (at-least-once); a record that
 * is not a readable event, or whose processing fails, goes to {@code flotilla.dead-letter} with the
 * reason and the partition moves on. Holds no logic of its own.
 */
package io.flotilla.renderer.kafka;
