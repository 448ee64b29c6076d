/**
 * Steward's HTTP server: the request {@link dev.steward.server.Pipeline}, the OpenAI- and
 * Anthropic-shaped endpoints, metrics, health, and the hand-written wiring of every part.
 */
@NullMarked
package dev.steward.server;

import org.jspecify.annotations.NullMarked;
