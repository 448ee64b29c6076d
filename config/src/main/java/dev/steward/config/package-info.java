/**
 * Steward's configuration: one YAML file, bound to immutable records and validated at start, with
 * errors that name the file, the line and the expected value.
 */
@NullMarked
package dev.steward.config;

import org.jspecify.annotations.NullMarked;
