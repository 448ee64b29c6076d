/** Algorithmic Transparency Recording Standard records for Steward's services. */
@NullMarked
package dev.steward.atrs;

import org.jspecify.annotations.NullMarked;
