/** Steward's web pages: page models rendered to HTML with the GOV.UK Design System. */
@NullMarked
package dev.steward.web;

import org.jspecify.annotations.NullMarked;
