/**
 * Routing of one call to a model alias across its routes: preference order by priority and weight,
 * an eligibility filter supplied by policy, retries with backoff, fallback before the first byte,
 * circuit breakers per route and fair capacity queues per self-hosted pool.
 */
@NullMarked
package dev.steward.routing;

import org.jspecify.annotations.NullMarked;
