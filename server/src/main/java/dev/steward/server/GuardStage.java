package dev.steward.server;

import dev.steward.config.GuardsConfig;
import dev.steward.config.GuardsConfig.InjectionAction;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.Choice;
import dev.steward.core.ContentPart;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.ErrorCode;
import dev.steward.core.Message;
import dev.steward.core.Role;
import dev.steward.core.StewardException;
import dev.steward.core.ToolCall;
import dev.steward.guard.Applied;
import dev.steward.guard.PersonalDataScanner;
import dev.steward.guard.Redaction;
import dev.steward.guard.Redactor;
import dev.steward.guard.ScanFailedException;
import dev.steward.injection.Stripped;
import dev.steward.injection.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The use case's guards, both ways. On the way in: personal data in every message (and tool-call
 * arguments, and embedding inputs) is allowed, masked, redacted, pseudonymised or refused; user
 * messages and tool results are checked for prompt injection and flagged, refused or (tool results)
 * stripped. On the way back: personal data the model wrote is acted on (streams in bounded windows
 * across chunk boundaries), pseudonyms are put back, and answers are labelled as AI output and, for
 * use cases that need human review, as drafts.
 *
 * <p>Fails closed: a detector failure refuses the request ({@code guard.unavailable}) or withholds
 * the answer; text never passes unscanned. Decisions are the configured actions applied to the
 * detectors' findings; nothing else.
 */
final class GuardStage implements Stage {
  /** Put in place of a tool result the injection guard flagged but could not cut. */
  static final String REMOVED_TOOL_CONTENT =
      "[Steward removed this tool result: suspected prompt injection]";

  private final StewardConfig config;
  private final @Nullable InjectionChecks injection;
  private final Map<Double, PersonalDataScanner> scanners = new ConcurrentHashMap<>();

  /**
   * @param injection the injection checker; required when some use case turns the injection guard
   *     on
   */
  GuardStage(StewardConfig config, @Nullable InjectionChecks injection) {
    this.config = config;
    this.injection = injection;
    if (injection == null && needsInjection(config)) {
      throw new IllegalArgumentException(
          "a use case turns the injection guard on, but no injection checker was given");
    }
  }

  /** Whether any use case turns the injection guard on (so its model must be loaded). */
  static boolean needsInjection(StewardConfig config) {
    return config.useCases().stream().anyMatch(u -> u.guards().injection().enabled());
  }

  @Override
  public String name() {
    return "guards (input; output on the way back)";
  }

  @Override
  public CompletionStage<Reply> handle(Exchange ex, Next next) {
    UseCaseConfig useCase = ex.requireUseCase();
    GuardsConfig guards = useCase.guards();
    if (!useCase.humanReview() && guards.equals(GuardsConfig.NONE)) {
      return next.proceed(ex);
    }
    GuardsConfig.PersonalData personal = guards.personalData();
    Redactor redactor = Redactor.create(personal::onInput);
    GuardReport.Tally tally = new GuardReport.Tally();
    if (personal.scansInput()) {
      PersonalDataScanner scanner = scanner(personal.minScore());
      try {
        ChatRequest chat = ex.chat();
        EmbeddingRequest embedding = ex.embedding();
        if (chat != null) {
          ex.chat(redact(chat, scanner, redactor, tally));
        } else if (embedding != null) {
          ex.embedding(redact(embedding, scanner, redactor, tally));
        }
      } catch (ScanFailedException e) {
        throw unavailable("the personal-data guard failed");
      } finally {
        // A refusal's log entry names the type that was blocked.
        ex.guardReport(GuardReport.personalData(tally.counts()));
      }
    }
    ChatRequest chat = ex.chat();
    if (chat == null || !guards.injection().enabled()) {
      return answer(ex, next, guards, redactor);
    }
    InjectionChecks checks = Objects.requireNonNull(injection, "injection");
    return checkInjection(chat, guards.injection(), checks)
        .thenComposeAsync(
            checked -> {
              StewardException refusal = checked.refusal();
              ex.guardReport(
                  new GuardReport(
                      tally.counts(),
                      true,
                      checked.score(),
                      checked.flagged(),
                      refusal != null ? "block" : checked.action()));
              if (refusal != null) {
                throw refusal;
              }
              ex.chat(checked.request());
              return answer(ex, next, guards, redactor);
            },
            Loops.here());
  }

  private PersonalDataScanner scanner(double minScore) {
    return scanners.computeIfAbsent(
        minScore, s -> PersonalDataScanner.builder().minScore(s).build());
  }

  // ------------------------------------------------------------------ personal data, way in

  private static ChatRequest redact(
      ChatRequest chat, PersonalDataScanner scanner, Redactor redactor, GuardReport.Tally tally) {
    List<Message> messages = new ArrayList<>(chat.messages().size());
    boolean changed = false;
    for (int i = 0; i < chat.messages().size(); i++) {
      Message m = chat.messages().get(i);
      String where = "messages[" + i + "] (" + m.role().name().toLowerCase(Locale.ROOT) + ")";
      UnaryOperator<String> text = t -> redactText(t, scanner, redactor, tally, where);
      Message out = transform(m, text, args -> JsonText.map(args, text));
      changed |= out != m;
      messages.add(out);
    }
    return changed ? chat.toBuilder().messages(messages).build() : chat;
  }

  private static EmbeddingRequest redact(
      EmbeddingRequest request,
      PersonalDataScanner scanner,
      Redactor redactor,
      GuardReport.Tally tally) {
    List<String> input = new ArrayList<>(request.input().size());
    for (int i = 0; i < request.input().size(); i++) {
      input.add(redactText(request.input().get(i), scanner, redactor, tally, "input[" + i + "]"));
    }
    return new EmbeddingRequest(request.model(), input, request.dimensions(), request.user());
  }

  private static String redactText(
      String text,
      PersonalDataScanner scanner,
      Redactor redactor,
      GuardReport.Tally tally,
      String where) {
    Redaction r = redactor.apply(text, scanner.scan(text));
    tally.add(r.applied());
    if (r.blocked() != null) {
      throw new StewardException(
          ErrorCode.GUARD_PERSONAL_DATA,
          where
              + " holds personal data of type "
              + r.blocked().type().name()
              + ", which this use case does not allow to be sent (guards.personal-data.input)");
    }
    return r.text();
  }

  /**
   * The message with {@code text} applied to each text part and {@code args} to each tool call's
   * arguments; the same instance when nothing changed.
   */
  private static Message transform(
      Message m, UnaryOperator<String> text, UnaryOperator<String> args) {
    boolean changed = false;
    List<ContentPart> parts = new ArrayList<>(m.content().size());
    for (ContentPart p : m.content()) {
      if (p instanceof ContentPart.Text t) {
        String out = text.apply(t.text());
        changed |= !out.equals(t.text());
        parts.add(out.equals(t.text()) ? p : new ContentPart.Text(out));
      } else {
        parts.add(p);
      }
    }
    List<ToolCall> calls = new ArrayList<>(m.toolCalls().size());
    for (ToolCall c : m.toolCalls()) {
      String out = args.apply(c.argumentsJson());
      changed |= !out.equals(c.argumentsJson());
      calls.add(out.equals(c.argumentsJson()) ? c : new ToolCall(c.id(), c.name(), out));
    }
    return changed
        ? new Message(m.role(), parts, calls, m.toolCallId(), m.name(), m.toolError())
        : m;
  }

  // ------------------------------------------------------------------ injection

  /** The request after the injection guard, what it found, and its refusal if it blocks. */
  private record Checked(
      ChatRequest request,
      double score,
      boolean flagged,
      String action,
      @Nullable StewardException refusal) {}

  private static CompletableFuture<Checked> checkInjection(
      ChatRequest chat, GuardsConfig.Injection rules, InjectionChecks checks) {
    List<Integer> indexes = new ArrayList<>();
    List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
    for (int i = 0; i < chat.messages().size(); i++) {
      Message m = chat.messages().get(i);
      String text = m.text();
      if (action(rules, m.role()) != InjectionAction.OFF && !text.isBlank()) {
        indexes.add(i);
        verdicts.add(checks.check(text));
      }
    }
    return CompletableFuture.allOf(verdicts.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<Message> messages = new ArrayList<>(chat.messages());
              double max = 0;
              boolean flagged = false;
              String action = "none";
              StewardException refusal = null;
              for (int k = 0; k < indexes.size(); k++) {
                int i = indexes.get(k);
                Message m = messages.get(i);
                Verdict v = verdicts.get(k).join();
                max = Math.max(max, v.score());
                if (v.score() < rules.threshold()) {
                  continue;
                }
                flagged = true;
                switch (action(rules, m.role())) {
                  case BLOCK ->
                      refusal =
                          refusal != null
                              ? refusal
                              : new StewardException(
                                  ErrorCode.GUARD_INJECTION,
                                  "messages["
                                      + i
                                      + "] ("
                                      + m.role().name().toLowerCase(Locale.ROOT)
                                      + ") was flagged as prompt injection (score "
                                      + String.format(Locale.ROOT, "%.2f", v.score())
                                      + "), which this use case refuses (guards.injection)");
                  case STRIP -> {
                    Stripped s = checks.strip(m.text());
                    String kept = s.changed() ? s.text() : REMOVED_TOOL_CONTENT;
                    messages.set(
                        i,
                        new Message(
                            m.role(),
                            List.of(new ContentPart.Text(kept)),
                            m.toolCalls(),
                            m.toolCallId(),
                            m.name(),
                            m.toolError()));
                    action = "strip";
                  }
                  case FLAG -> action = action.equals("strip") ? action : "flag";
                  case OFF -> throw new IllegalStateException("checked a text whose guard is off");
                }
              }
              ChatRequest request =
                  action.equals("strip") ? chat.toBuilder().messages(messages).build() : chat;
              return new Checked(request, max, flagged, action, refusal);
            });
  }

  private static InjectionAction action(GuardsConfig.Injection rules, Role role) {
    return switch (role) {
      case USER -> rules.userMessages();
      case TOOL -> rules.toolContent();
      default -> InjectionAction.OFF;
    };
  }

  // ------------------------------------------------------------------ the way back

  private CompletionStage<Reply> answer(
      Exchange ex, Next next, GuardsConfig guards, Redactor redactor) {
    GuardsConfig.PersonalData personal = guards.personalData();
    String marker = guards.label().marker();
    boolean scans = personal.scansOutput();
    if (!scans && !redactor.pseudonymised() && marker == null) {
      return next.proceed(ex);
    }
    PersonalDataScanner scanner = scans ? scanner(personal.minScore()) : null;
    return next.proceed(ex)
        .thenApply(
            reply ->
                switch (reply) {
                  case Reply.Chat c ->
                      guardAnswer(ex, c.response(), scanner, personal, redactor, marker);
                  case Reply.Stream s ->
                      new Reply.Stream(
                          new GuardedStream(
                              s.stream(),
                              scanner,
                              Redactor.create(personal::onOutput),
                              redactor,
                              marker,
                              ex::outputGuardReport));
                  case Reply.Embeddings e -> e;
                  case Reply.Failure f -> f;
                });
  }

  private static Reply guardAnswer(
      Exchange ex,
      ChatResponse response,
      @Nullable PersonalDataScanner scanner,
      GuardsConfig.PersonalData personal,
      Redactor redactor,
      @Nullable String marker) {
    Redactor output = Redactor.create(personal::onOutput);
    GuardReport.Tally tally = new GuardReport.Tally();
    List<Choice> choices = new ArrayList<>(response.choices().size());
    try {
      for (Choice c : response.choices()) {
        boolean[] first = {true};
        UnaryOperator<String> text =
            t -> {
              String out = t;
              if (scanner != null) {
                Redaction r = output.apply(out, scanner.scan(out));
                Applied blocked = r.blocked();
                if (blocked != null) {
                  // Counted as a stream counts it: what came before the block, and the block once.
                  for (Applied a : r.applied()) {
                    if (a.start() < blocked.start()) {
                      tally.add(a);
                    }
                  }
                  tally.add(blocked);
                  ex.outputGuardReport(GuardReport.personalData(tally.counts()));
                  throw outputBlocked(blocked.type().name());
                }
                tally.add(r.applied());
                out = r.text();
              }
              out = redactor.restore(out);
              if (marker != null && first[0] && !out.isEmpty()) {
                out = marker + out;
              }
              first[0] = false;
              return out;
            };
        Message m = transform(c.message(), text, args -> JsonText.map(args, redactor::restore));
        choices.add(
            m == c.message() ? c : new Choice(c.index(), m, c.stopReason(), c.stopSequence()));
      }
    } catch (ScanFailedException e) {
      return new Reply.Failure(unavailable("the personal-data guard failed on the answer"));
    } catch (StewardException e) {
      return new Reply.Failure(e);
    }
    if (!tally.isEmpty()) {
      ex.outputGuardReport(GuardReport.personalData(tally.counts()));
    }
    return new Reply.Chat(
        new ChatResponse(
            response.id(),
            response.model(),
            response.created(),
            choices,
            response.usage(),
            response.systemFingerprint()));
  }

  static StewardException outputBlocked(String type) {
    return new StewardException(
        ErrorCode.GUARD_OUTPUT_PERSONAL_DATA,
        "the answer held personal data of type "
            + type
            + ", which this use case does not allow to be returned (guards.personal-data.output);"
            + " it was withheld");
  }

  static StewardException unavailable(String why) {
    return new StewardException(
        ErrorCode.GUARD_UNAVAILABLE,
        why + "; nothing was passed on unscanned (retry later)",
        null,
        Duration.ofSeconds(1),
        null);
  }
}
