/** JMH benchmarks of Steward's hot-path codecs. */
@NullMarked
package dev.steward.benchmarks;

import org.jspecify.annotations.NullMarked;
