/**
 * The outbound adapter for Cohere's v2 API: {@code POST /v2/chat} (complete and streamed answers)
 * and {@code POST /v2/embed}, translating Steward's canonical model to and from Cohere's wire
 * format.
 */
@NullMarked
package dev.steward.cohere;

import org.jspecify.annotations.NullMarked;
