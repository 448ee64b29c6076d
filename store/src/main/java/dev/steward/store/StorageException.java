package dev.steward.store;

import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import org.jspecify.annotations.Nullable;

/**
 * A storage operation failed: the database is unreachable, a constraint was broken, or the schema
 * is not one this version of Steward understands. The message names the operation (and the SQL
 * state), never keys or secrets; the cause holds the driver's detail.
 */
public final class StorageException extends StewardException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, @Nullable Throwable cause) {
    super(ErrorCode.INTERNAL, message, null, null, cause);
  }
}
