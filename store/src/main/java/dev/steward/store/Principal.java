package dev.steward.store;

/**
 * Who an API key speaks for: a use case of a service of a department (the ids of the configuration,
 * e.g. {@code justice / sentencing-notes / summarise-bundle}).
 */
public record Principal(String department, String service, String useCase) {
  /** The longest id each part may have (the width of the database columns). */
  public static final int MAX_ID_LENGTH = 100;

  public Principal {
    Checks.text("department", department, MAX_ID_LENGTH);
    Checks.text("service", service, MAX_ID_LENGTH);
    Checks.text("useCase", useCase, MAX_ID_LENGTH);
  }

  public static Principal of(String department, String service, String useCase) {
    return new Principal(department, service, useCase);
  }
}
