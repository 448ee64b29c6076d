/**
 * Steward's persistence: API keys and the usage ledger, behind the {@link
 * dev.steward.store.Storage} interface, with an embedded H2 implementation (the default: one file
 * in the data directory) and a PostgreSQL one (several nodes sharing a database).
 */
@NullMarked
package dev.steward.store;

import org.jspecify.annotations.NullMarked;
