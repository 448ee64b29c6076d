package dev.steward.policy;

import java.util.Objects;

/**
 * What a budget belongs to: a department, or one service of a department.
 *
 * @param department the department id
 * @param service the service id, or empty for the department as a whole
 */
public record BudgetScope(String department, String service) {
  public BudgetScope {
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(service, "service");
    if (department.isEmpty()) {
      throw new IllegalArgumentException("department: empty (expected: a department id)");
    }
  }

  public static BudgetScope department(String department) {
    return new BudgetScope(department, "");
  }

  public static BudgetScope service(String department, String service) {
    if (service.isEmpty()) {
      throw new IllegalArgumentException("service: empty (expected: a service id)");
    }
    return new BudgetScope(department, service);
  }

  /** Whether this is a whole department's budget. */
  public boolean isDepartment() {
    return service.isEmpty();
  }

  /** {@code department 'justice'} or {@code service 'justice/courts'}. */
  @Override
  public String toString() {
    return isDepartment()
        ? "department '" + department + "'"
        : "service '" + department + "/" + service + "'";
  }
}
