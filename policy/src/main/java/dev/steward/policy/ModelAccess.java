package dev.steward.policy;

import dev.steward.config.ModelConfig;
import dev.steward.config.ModelKind;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.core.ErrorCode;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether a use case may call a model alias for a kind of request: the alias is configured, serves
 * that kind (chat or embeddings), and is one the use case allows. A pure function of the
 * configuration; the gateway's model-access stage and {@code steward policy test} both use it.
 */
public final class ModelAccess {
  private ModelAccess() {}

  /** The outcome: the model, or the refusal with its error code and a message for the caller. */
  public sealed interface Outcome {}

  public record Granted(ModelConfig model) implements Outcome {
    public Granted {
      Objects.requireNonNull(model, "model");
    }
  }

  public record Refused(ErrorCode code, String message) implements Outcome {
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Decides for one request.
   *
   * @param alias the model the caller named, if any
   * @param wanted the kind of model the endpoint needs
   * @param useCase the calling key's use case
   */
  public static Outcome decide(
      StewardConfig config, @Nullable String alias, ModelKind wanted, UseCaseConfig useCase) {
    if (alias == null) {
      return new Refused(ErrorCode.INVALID_REQUEST, "model: missing (expected: a model alias)");
    }
    ModelConfig model = config.models().get(alias);
    if (model == null) {
      return new Refused(
          ErrorCode.MODEL_NOT_FOUND,
          "model '"
              + shorten(alias)
              + "': not configured (GET /v1/models lists the models your key may use)");
    }
    if (model.kind() != wanted) {
      return new Refused(
          ErrorCode.CAPABILITY_UNSUPPORTED,
          "model '"
              + alias
              + "': serves "
              + model.kind().name().toLowerCase(Locale.ROOT)
              + " (expected: a "
              + wanted.name().toLowerCase(Locale.ROOT)
              + " model for this endpoint)");
    }
    if (!useCase.allows(alias)) {
      return new Refused(
          ErrorCode.MODEL_NOT_ALLOWED,
          "model '" + alias + "': not approved for use case " + useCase.id());
    }
    return new Granted(model);
  }

  private static String shorten(String s) {
    String v = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    return v.replaceAll("[\\p{Cntrl}]", "?");
  }
}
