/**
 * Flotilla's event contracts: one record per event, the CloudEvents 1.0 envelope they travel in,
 * their JSON form, the topic names and the record keys.
 *
 * <p>Outside consumers read Flotilla's topics directly, so everything here is a public API. A new
 * optional field keeps an event's version; anything else gets a new type ({@code .v2}). This
 * package does no I/O and knows nothing of Quarkus.
 */
package io.flotilla.events;
