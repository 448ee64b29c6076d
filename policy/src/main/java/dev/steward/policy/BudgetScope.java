package dev.steward.policy;

import java.util.Objects;

/**
 * What a budget belongs to: a department, one service of a department, or one API key of a service.
 *
 * @param department the department id
 * @param service the service id, or empty for the department as a whole
 * @param key the API key's public id, or empty for a department or service
 */
public record BudgetScope(String department, String service, String key) {
  public BudgetScope {
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(key, "key");
    if (department.isEmpty()) {
      throw new IllegalArgumentException("department: empty (expected: a department id)");
    }
    if (!key.isEmpty() && service.isEmpty()) {
      throw new IllegalArgumentException("service: empty (expected: the key's service id)");
    }
  }

  public static BudgetScope department(String department) {
    return new BudgetScope(department, "", "");
  }

  public static BudgetScope service(String department, String service) {
    if (service.isEmpty()) {
      throw new IllegalArgumentException("service: empty (expected: a service id)");
    }
    return new BudgetScope(department, service, "");
  }

  public static BudgetScope key(String department, String service, String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key: empty (expected: an API key's public id)");
    }
    return new BudgetScope(department, service, key);
  }

  /** Whether this is a whole department's budget. */
  public boolean isDepartment() {
    return service.isEmpty();
  }

  /** Whether this is one API key's budget. */
  public boolean isKey() {
    return !key.isEmpty();
  }

  /** {@code department 'justice'}, {@code service 'justice/courts'} or {@code key 'k_…'}. */
  @Override
  public String toString() {
    if (isKey()) {
      return "key '" + key + "'";
    }
    return isDepartment()
        ? "department '" + department + "'"
        : "service '" + department + "/" + service + "'";
  }
}
