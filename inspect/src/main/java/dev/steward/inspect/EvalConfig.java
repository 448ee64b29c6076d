package dev.steward.inspect;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How an evaluation was run (the part of Inspect's {@code EvalConfig} Steward uses); every field is
 * optional.
 *
 * @param epochs how many times each sample was run
 * @param epochsReducer how per-epoch scores were reduced to one per sample ({@code mean}, {@code
 *     max}, …); empty when not recorded
 * @param messageLimit the most messages a sample could use
 * @param tokenLimit the most tokens a sample could use
 * @param timeLimit the most seconds a sample could take
 */
public record EvalConfig(
    @Nullable Integer epochs,
    List<String> epochsReducer,
    @Nullable Integer messageLimit,
    @Nullable Integer tokenLimit,
    @Nullable Integer timeLimit) {

  public EvalConfig {
    Json.optionalAtLeast("config.epochs", epochs, 1);
    epochsReducer = Json.strings("config.epochs_reducer", epochsReducer);
    Json.optionalAtLeast("config.message_limit", messageLimit, 1);
    Json.optionalAtLeast("config.token_limit", tokenLimit, 1);
    Json.optionalAtLeast("config.time_limit", timeLimit, 1);
  }

  /** A run of {@code epochs} epochs, with nothing else recorded. */
  public static EvalConfig of(int epochs) {
    return new EvalConfig(epochs, List.of(), null, null, null);
  }
}
