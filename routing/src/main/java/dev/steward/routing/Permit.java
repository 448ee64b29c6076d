package dev.steward.routing;

/** A claim on a slot of a capacity pool; releasing it twice is harmless. */
interface Permit {
  Permit NONE = () -> {};

  void release();
}
