package dev.steward.injection;

/**
 * The rules of the injection guard. Each {@link RuleHit} names one of these; the detector combines
 * the strongest hit of each rule with the classifier (see {@link InjectionDetector}).
 */
public enum InjectionRule {
  /**
   * Unicode tag characters (U+E0000..U+E007F) or supplementary variation selectors
   * (U+E0100..U+E01EF): invisible carriers for hidden ASCII text ("ASCII smuggling").
   */
  HIDDEN_CHARACTERS("hidden-characters"),
  /** Zero-width and other invisible format characters outside their legitimate uses. */
  INVISIBLE_CHARACTERS("invisible-characters"),
  /** Bidirectional embedding, override and isolate controls that can reorder what a human sees. */
  BIDI_CONTROL("bidi-control"),
  /** "Ignore all previous instructions" and other attempts to cancel or replace instructions. */
  OVERRIDE_PHRASE("override-phrase"),
  /** Asks to reveal the system prompt, hidden instructions, keys or the context window. */
  PROMPT_EXFILTRATION("prompt-exfiltration"),
  /**
   * Jailbreak personas: an AI "without rules", "never refuses", "do anything now", and the like.
   */
  JAILBREAK_PERSONA("jailbreak-persona"),
  /** Weaker role-play framings: "stay in character", "developer mode", two-answer formats. */
  ROLE_PLAY_FRAMING("role-play-framing"),
  /** Chat-template tokens and fake role markers ({@code <|im_start|>}, {@code [INST]}, …). */
  ROLE_MARKER("role-marker"),
  /**
   * Text that addresses an AI reading it ("note to the AI", "if you are a language model") or asks
   * for silent actions and data sent elsewhere: the signature of injected tool content.
   */
  HIDDEN_INSTRUCTION("hidden-instruction");

  private final String id;

  InjectionRule(String id) {
    this.id = id;
  }

  /** The rule's stable kebab-case name, as reports and configuration spell it. */
  public String id() {
    return id;
  }
}
