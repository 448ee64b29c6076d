package dev.steward.config;

/** Government Security Classifications, lowest first. */
public enum Classification {
  OFFICIAL,
  OFFICIAL_SENSITIVE,
  SECRET,
  TOP_SECRET;

  public boolean atMost(Classification ceiling) {
    return compareTo(ceiling) <= 0;
  }
}
