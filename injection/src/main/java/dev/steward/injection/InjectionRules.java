package dev.steward.injection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule half of the injection guard: fast, deterministic, and explainable. {@link #scan} reports
 * invisible and bidirectional control characters and instruction-like phrases with their spans;
 * {@link #strip} removes them from tool or retrieved content. Neither needs the embedding model, so
 * a caller may run them before (or instead of) the classifier.
 *
 * <p>Phrases match on a folded copy of the text (NFKC, lower case, straight quotes, invisible
 * characters dropped), so zero-width characters inside a word do not hide it. Each pattern carries
 * a weight: a hit of weight 0.5 or more flags a text by itself at the default threshold; weaker
 * hits (role-play framings, a bare "developer mode", a line starting "System:") only add to the
 * classifier's score. Benign look-alikes such as "please ignore the previous paragraph's typo" do
 * not match: the override patterns need an object such as instructions, rules or a system prompt.
 */
public final class InjectionRules {
  /** What {@link #strip} puts where it removed a sentence. */
  public static final String REMOVED = "[removed]";

  private static final double HIDDEN_WEIGHT = 0.9;
  private static final double INVISIBLE_WEIGHT = 0.3;
  private static final double BIDI_WEIGHT = 0.3;

  /** Hits of one character rule closer than this many chars are reported as one span. */
  private static final int MERGE_GAP = 3;

  private static final String AI =
      "(?:ai|a\\.i\\.|llm|large\\s+language\\s+model|language\\s+model|chatbot|chatgpt|gpt|bot"
          + "|ai\\s+(?:assistant|agent|system|model|tool)|virtual\\s+assistant|coding\\s+assistant"
          + "|assistant|agent|model)";

  private static final List<PhraseRule> PHRASES =
      List.of(
          // --- override ---
          phrase(
              InjectionRule.OVERRIDE_PHRASE,
              0.8,
              List.of(
                  "ignor",
                  "disregard",
                  "forget",
                  "overrid",
                  "overwrit",
                  "bypass",
                  "skip",
                  "drop",
                  "abandon",
                  "discard",
                  "cancel",
                  "aside",
                  "attention",
                  "follow",
                  "obey",
                  "throw"),
              "\\b(?:ignore|ignoring|disregard|disregarding|forget|forgetting|override|overwrite"
                  + "|bypass|skip|drop|abandon|discard|cancel|set\\s+aside|pay\\s+no\\s+attention"
                  + "\\s+to|stop\\s+following|stop\\s+obeying|do\\s+not\\s+follow|don'?t\\s+follow"
                  + "|do\\s+not\\s+obey|don'?t\\s+obey|no\\s+longer\\s+follow|throw\\s+away)\\s+"
                  + "(?:(?:all|any|every|of|the|your|my|its|these|those|this|that|previous|prior"
                  + "|preceding|above|earlier|initial|original|existing|current|former|system"
                  + "|safety|default|given|other|standing|content|moral|ethical|built-in|hidden"
                  + "|usual|normal|old|[a-z]+'s?)\\s+){0,5}"
                  + "(?:instructions?|rules|guidelines|directions|directives?|prompts?|programming"
                  + "|guardrails?|restrictions|policies|constraints|commands|context|training"
                  + "|limitations|filters|moderation|safety\\s+(?:rules|policy|settings|filters)"
                  + "|system\\s+(?:prompt|message))\\b"),
          phrase(
              InjectionRule.OVERRIDE_PHRASE,
              0.8,
              List.of("forget", "ignor", "disregard"),
              "\\b(?:forget|ignore|disregard)\\s+(?:everything|all|anything)\\s+(?:that\\s+)?"
                  + "(?:you\\s+(?:were|have\\s+been|'ve\\s+been)\\s+(?:told|given|taught)"
                  + "|(?:written\\s+)?above|before\\s+this|prior\\s+to\\s+this)"),
          phrase(
              InjectionRule.OVERRIDE_PHRASE,
              0.8,
              List.of(
                  "cancel",
                  "revok",
                  "void",
                  "null",
                  "expir",
                  "obsolete",
                  "outdated",
                  "longer",
                  "replaced",
                  "lifted",
                  "suspended",
                  "test",
                  "fake",
                  "disabled",
                  "off",
                  "overrid",
                  "deleted",
                  "wrong"),
              "\\b(?:your\\s+(?:\\w+\\s+)?(?:instructions|rules|directives?|guidelines|polic(?:y|ies)"
                  + "|system\\s+(?:prompt|message))|(?:the\\s+)?(?:previous|prior|above|earlier)"
                  + "\\s+(?:instructions|directives|system\\s+prompt)|(?:the\\s+)?(?:rules|instructions"
                  + "|guidelines)\\s+you\\s+(?:were|have\\s+been)\\s+given)\\s+"
                  + "(?:are|is|were|was|have\\s+been|has\\s+been|have|has)\\s+(?:now\\s+|all\\s+)?"
                  + "(?:cancell?ed|revoked|void|null|expired|obsolete|outdated|no\\s+longer"
                  + "\\s+(?:valid|apply|in\\s+effect|active)|replaced|lifted|suspended|a\\s+test"
                  + "|fake|disabled|turned\\s+off|switched\\s+off|overridden|deleted|wrong)"),
          phrase(
              InjectionRule.OVERRIDE_PHRASE,
              0.8,
              List.of("instruction", "directive", "system"),
              "\\bnew\\s+(?:system\\s+)?(?:instructions?|directives?|system\\s+prompt"
                  + "|system\\s+message)\\s*[:\\-]"),
          phrase(
              InjectionRule.OVERRIDE_PHRASE,
              0.4,
              List.of("task", "goal", "objective", "instruction", "directive", "orders"),
              "\\b(?:updated|new|real|actual|true)\\s+(?:task|goal|objective|instructions"
                  + "|directive|orders)\\s*(?:is|are|:)"),
          phrase(
              InjectionRule.OVERRIDE_PHRASE,
              0.8,
              List.of("longer"),
              "\\byou\\s+(?:are|'re)\\s+(?:now\\s+)?no\\s+longer\\s+(?:bound|restricted|limited"
                  + "|constrained|an?\\s+(?:ai|assistant|language\\s+model)|required\\s+to"
                  + "|obliged\\s+to|subject\\s+to|chatgpt|claude|following|governed)"),
          phrase(
              InjectionRule.OVERRIDE_PHRASE,
              0.6,
              List.of("priority"),
              "\\b(?:higher|greater|top|highest)\\s+priority\\s+(?:than|over)\\s+(?:your|the|any)"
                  + "\\s+(?:system|previous|prior|original|other)"),
          phrase(
              InjectionRule.OVERRIDE_PHRASE,
              0.8,
              List.of("end"),
              "\\bend\\s+of\\s+(?:the\\s+)?(?:user\\s+input|input|document|email|page|prompt"
                  + "|context|data)\\b[^\\n]{0,40}?\\b(?:new|begin|start)\\w*\\s+(?:a\\s+)?"
                  + "(?:new\\s+)?(?:system|instructions|prompt|task|session)"),
          phrase(
              InjectionRule.OVERRIDE_PHRASE,
              0.8,
              List.of(
                  "ignorez", "oubliez", "ignora", "olvida", "ignoriere", "vergiss", "anwybyddwch"),
              "\\b(?:(?:ignorez|oubliez)\\s+(?:toutes\\s+)?(?:les\\s+)?(?:instructions|consignes"
                  + "|règles)|(?:ignora|olvida)\\s+(?:todas\\s+)?(?:las\\s+)?(?:instrucciones"
                  + "|reglas)|(?:ignoriere|vergiss)\\s+(?:alle\\s+)?(?:vorherigen\\s+|bisherigen\\s+)?"
                  + "(?:anweisungen|regeln|instruktionen)|anwybyddwch\\s+(?:yr\\s+)?(?:holl\\s+)?"
                  + "(?:gyfarwyddiadau|cyfarwyddiadau|rheolau))"),
          phrase(
              InjectionRule.OVERRIDE_PHRASE,
              0.4,
              List.of(
                  "filter",
                  "restriction",
                  "guardrail",
                  "safeguard",
                  "safety",
                  "moderation",
                  "censor",
                  "polic",
                  "limitation"),
              "\\b(?:disable|turn\\s+off|switch\\s+off|deactivate|remove|lift|circumvent"
                  + "|get\\s+around|evade)\\s+(?:all\\s+|any\\s+|your\\s+|the\\s+|its\\s+)*"
                  + "(?:safety\\s+|content\\s+|moral\\s+|ethical\\s+|ai\\s+)?(?:filters|filtering"
                  + "|restrictions|guardrails|safeguards|safety\\s+(?:rules|settings|features"
                  + "|measures)|moderation|censorship|content\\s+polic(?:y|ies)|limitations)\\b"),
          phrase(
              InjectionRule.OVERRIDE_PHRASE,
              0.8,
              List.of("ignor", "disregard"),
              "\\b(?:ignore|disregard)\\s+what\\s+(?:the|your)\\s+(?:system\\s+(?:message|prompt)"
                  + "|instructions|rules|guidelines|developers?|operator)\\s+(?:says?|said"
                  + "|tells?\\s+you)"),
          phrase(
              InjectionRule.OVERRIDE_PHRASE,
              0.5,
              List.of(),
              "\\b(?:system|emergency|admin(?:istrator)?|developer|priority|security)\\s+override"
                  + "\\b"),
          // --- system prompt and secret exfiltration ---
          phrase(
              InjectionRule.PROMPT_EXFILTRATION,
              0.6,
              List.of(
                  "prompt",
                  "instruction",
                  "config",
                  "rules",
                  "directive",
                  "setup",
                  "context",
                  "system"),
              "\\b(?:reveal|show|print|output|display|repeat|echo|leak|dump|disclose|share"
                  + "|tell\\s+me|give\\s+me|write\\s+out|spell\\s+out|quote|recite|translate"
                  + "|summari[sz]e|list|paste|return|copy|expose|send\\s+me)\\s+(?:me\\s+|us\\s+)?"
                  + "(?:back\\s+)?(?:[\\w']+\\s+){0,4}?"
                  + "(?:system\\s+(?:prompt|message|instructions)"
                  + "|(?:your|its)\\s+(?:\\w+\\s+){0,2}?(?:initial|original|hidden|secret"
                  + "|confidential|internal|developer|real|full|exact|entire|complete|first)\\s+"
                  + "(?:\\w+\\s+)?(?:prompt|instructions|configuration|config|rules|directives"
                  + "|setup)"
                  + "|(?:hidden|secret|confidential|internal|developer)\\s+(?:prompt|instructions"
                  + "|configuration|config|directives)"
                  + "|context\\s+window|pre-?prompt"
                  + "|(?:instructions|rules|directives|prompt)\\s+(?:that\\s+)?you\\s+(?:were"
                  + "|have\\s+been|'ve\\s+been|got|received)"
                  + "|(?:your|the)\\s+(?:prompt|instructions)\\s+(?:word\\s+for\\s+word|verbatim"
                  + "|in\\s+full))"),
          phrase(
              InjectionRule.PROMPT_EXFILTRATION,
              0.6,
              List.of(),
              "\\bwhat\\s+(?:is|are|was|were)\\s+your\\s+(?:system\\s+(?:prompt|message"
                  + "|instructions)|initial\\s+(?:prompt|instructions)|hidden\\s+(?:prompt"
                  + "|instructions)|secret\\s+\\w+|original\\s+instructions)"),
          phrase(
              InjectionRule.PROMPT_EXFILTRATION,
              0.6,
              List.of(),
              "\\b(?:repeat|print|output|show|copy|return|echo|reproduce)\\s+(?:back\\s+)?"
                  + "(?:all\\s+(?:of\\s+)?)?(?:the\\s+)?(?:text|words|content|everything|all"
                  + "|instructions|lines?|messages?)\\s+(?:that\\s+(?:appears?|is|are|came)\\s+)?"
                  + "(?:above|before\\s+(?:this|my|the\\s+first))"),
          phrase(
              InjectionRule.PROMPT_EXFILTRATION,
              0.6,
              List.of("key", "password", "secret", "token", "credential", "/etc/"),
              "\\b(?:reveal|show|print|output|display|tell\\s+me|give\\s+me|send|share|paste"
                  + "|list|leak|dump|expose|read\\s+out|what\\s+(?:is|are))\\s+(?:me\\s+)?"
                  + "(?:[\\w']+\\s+){0,3}?(?:api\\s+keys?|admin\\s+password|root\\s+password"
                  + "|secret\\s+keys?|private\\s+keys?|access\\s+tokens?|session\\s+tokens?"
                  + "|credentials|secrets\\.ya?ml|/etc/(?:shadow|passwd))"),
          // --- jailbreak personas ---
          phrase(InjectionRule.JAILBREAK_PERSONA, 0.6, List.of(), "\\bdo\\s+anything\\s+now\\b"),
          phrase(
              InjectionRule.JAILBREAK_PERSONA,
              0.6,
              List.of(),
              "\\b(?:act(?:ing)?\\s+as|you\\s+are(?:\\s+now)?|become|pretend\\s+to\\s+be"
                  + "|simulate|respond\\s+as|answer\\s+as|reply\\s+as)\\s+(?:an?\\s+)?"
                  + "(?:dan|dude|stan|anti-?gpt|betterdan|jailbroken\\s+\\w+)\\b"),
          phrase(
              InjectionRule.JAILBREAK_PERSONA,
              0.6,
              List.of(
                  "unfilter",
                  "uncensor",
                  "unrestrict",
                  "amoral",
                  "jail",
                  "unchain",
                  "unalign",
                  "unlock",
                  "limitless"),
              "\\b(?:unfiltered|uncensored|unrestricted|amoral|jailbroken|jail-broken|unchained"
                  + "|unaligned|unlocked|limitless)\\s+(?:\\w+\\s+){0,2}?(?:"
                  + AI
                  + "|version\\s+of\\s+(?:you|yourself|chatgpt)|persona|mode|alter\\s+ego"
                  + "|responses?|answers?|replies|truth)\\b"),
          phrase(
              InjectionRule.JAILBREAK_PERSONA,
              0.6,
              List.of(
                  "restriction",
                  "filter",
                  "censor",
                  "ethic",
                  "moral",
                  "guideline",
                  "limit",
                  "boundar",
                  "rules",
                  "polic",
                  "safeguard",
                  "guardrail",
                  "confines",
                  "training",
                  "alignment"),
              "\\b(?:"
                  + AI
                  + "|persona|character|version\\s+of\\s+(?:you|yourself))s?\\b[^.!?\\n]{0,60}?\\b"
                  + "(?:no|without(?:\\s+any)?|free\\s+(?:from|of)(?:\\s+all|\\s+any|\\s+every)?"
                  + "|zero|broken\\s+free\\s+of|not\\s+bound\\s+by|doesn'?t\\s+have(?:\\s+any)?"
                  + "|does\\s+not\\s+have(?:\\s+any)?|ignores|beyond)\\s+"
                  + "(?:the\\s+|its\\s+|any\\s+|all\\s+|typical\\s+|usual\\s+)*"
                  + "(?:ethical\\s+|moral\\s+|content\\s+|safety\\s+)?(?:restrictions|filters"
                  + "|filtering|censorship|ethics|morals|morality|guidelines|limitations|limits"
                  + "|boundaries|rules|content\\s+polic(?:y|ies)|safeguards|guardrails|confines"
                  + "|safety\\s+training|alignment)\\b"),
          phrase(
              InjectionRule.JAILBREAK_PERSONA,
              0.6,
              List.of(),
              "\\b(?:never|won'?t\\s+ever|will\\s+not\\s+ever)\\s+(?:refuses?|says?\\s+(?:no"
                  + "|sorry|\"?i\\s+can'?t)|apologi[sz]es?|breaks?\\s+character|declines?"
                  + "|gives?\\s+(?:any\\s+)?warnings?|mentions?\\s+(?:ethics|morals|laws|legality"
                  + "|warnings))"),
          phrase(
              InjectionRule.JAILBREAK_PERSONA,
              0.6,
              List.of("matter"),
              "\\bno\\s+matter\\s+how\\s+(?:immoral|unethical|illegal|harmful|dangerous"
                  + "|offensive|inappropriate|extreme|evil)"),
          phrase(
              InjectionRule.JAILBREAK_PERSONA,
              0.6,
              List.of(),
              "\\b(?:lose|lost|deduct(?:ed)?|minus)\\s+(?:\\d+\\s+|all\\s+(?:your\\s+)?)?tokens\\b"),
          phrase(
              InjectionRule.JAILBREAK_PERSONA,
              0.6,
              List.of("mode"),
              "\\b(?:god|jailbreak|unrestricted|opposite|unfiltered|chaos|evil|freedom"
                  + "|creative\\s+freedom|sudo)\\s+mode\\s+(?:enabled|activated|on)\\b"
                  + "|\\b(?:enable|enter|activate|switch\\s+to|you\\s+are\\s+(?:now\\s+)?in"
                  + "|now\\s+in)\\s+(?:god|jailbreak|unrestricted|opposite|unfiltered|chaos|evil"
                  + "|freedom|creative\\s+freedom|sudo)\\s+mode"),
          phrase(
              InjectionRule.JAILBREAK_PERSONA,
              0.6,
              List.of(),
              "\\bpretend\\s+(?:that\\s+)?(?:you\\s+(?:are|have|were)|to\\s+be)\\b[^.!?\\n]{0,60}?"
                  + "\\b(?:no|without)\\s+(?:any\\s+)?(?:rules|restrictions|filters|limits"
                  + "|guidelines|ethics|morals)"),
          // --- weaker role-play framings ---
          phrase(
              InjectionRule.ROLE_PLAY_FRAMING,
              0.3,
              List.of("character"),
              "\\b(?:stay|remain|keep|staying)\\s+in\\s+character\\b|\\bbreak(?:ing|s)?\\s+"
                  + "character\\b|\\bout\\s+of\\s+character\\b"),
          phrase(
              InjectionRule.ROLE_PLAY_FRAMING,
              0.4,
              List.of("mode"),
              "\\b(?:developer|dev|debug|admin|maintenance)\\s+mode\\s+(?:enabled|activated|on)\\b"
                  + "|\\b(?:you\\s+are\\s+(?:now\\s+)?in|now\\s+in|in)\\s+(?:developer|dev|debug"
                  + "|admin)\\s+mode\\s+you\\b|\\b(?:developer|dev)\\s+mode\\b[^.!?\\n]{0,40}?"
                  + "\\b(?:ignore|polic|filter|restrict|rules)"),
          phrase(
              InjectionRule.ROLE_PLAY_FRAMING,
              0.3,
              List.of("two", "twice", "both", "2"),
              "\\b(?:respond|answer|reply)\\w*\\s+(?:to\\s+(?:me|every\\s+\\w+|each\\s+\\w+)\\s+)?"
                  + "(?:in\\s+)?(?:two|2|both)\\s+(?:different\\s+|separate\\s+)?(?:ways|responses"
                  + "|answers|paragraphs|personas|modes)|\\b(?:respond|answer|reply)\\w*\\s+"
                  + "(?:to\\s+\\w+\\s+\\w+\\s+)?twice\\b"),
          phrase(InjectionRule.ROLE_PLAY_FRAMING, 0.3, List.of(), "\\bjail-?break(?:s|ing|ed)?\\b"),
          phrase(
              InjectionRule.ROLE_PLAY_FRAMING,
              0.3,
              List.of("rogue", "evil", "opposite"),
              "\\b(?:rogue|evil)\\s+(?:ai|assistant|chatbot|model|twin|version\\s+of\\s+(?:you"
                  + "|yourself)|alter\\s+ego)\\b|\\bopposite\\s+(?:day|mode)\\b"),
          phrase(
              InjectionRule.ROLE_PLAY_FRAMING,
              0.3,
              List.of(),
              "\\bhypothetical(?:ly)?\\b[^.!?\\n]{0,60}?\\b(?:ai|model|assistant|chatbot)\\b"),
          // --- role markers ---
          phrase(
              InjectionRule.ROLE_MARKER,
              0.6,
              List.of(),
              "<\\|(?:im_start|im_end|system|user|assistant|endoftext|begin_of_text"
                  + "|start_header_id|end_header_id|eot_id)\\|>|\\[/?inst\\]|<</?sys>>"),
          phrase(
              InjectionRule.ROLE_MARKER,
              0.5,
              List.of(),
              "</?(?:system|system_prompt|sys|admin)>|\"role\"\\s*:\\s*\"system\""
                  + "|(?m)^[ \\t]*#{1,4}[ \\t]*(?:system|instructions?|new\\s+instructions"
                  + "|system\\s+prompt)[ \\t]*:"),
          phrase(
              InjectionRule.ROLE_MARKER,
              0.3,
              List.of(),
              "(?m)^[ \\t>]*(?:system|assistant|human|ai)[ \\t]*:|```system\\b"),
          // --- instructions hidden in content ---
          phrase(
              InjectionRule.HIDDEN_INSTRUCTION,
              0.6,
              List.of("ai", "a.i.", "assistant", "bot", "gpt", "model", "llm", "agent", "machine"),
              "\\b(?:note|message|instructions?|attention|important(?:\\s+instruction)?"
                  + "|hidden\\s+(?:note|text|instructions?)|reminder|directive|p\\.?s\\.?)\\s*"
                  + "(?:to|for)\\s+(?:the\\s+|any\\s+|all\\s+|every\\s+)?(?:reading\\s+)?"
                  + AI
                  + "s?\\b"),
          phrase(
              InjectionRule.HIDDEN_INSTRUCTION,
              0.6,
              List.of(),
              "\\bif\\s+you\\s+(?:are|'re)\\s+(?:an?\\s+)?(?:ai|a\\.i\\.|llm"
                  + "|large\\s+language\\s+model|language\\s+model|ai\\s+assistant|chatbot"
                  + "|ai\\s+model|ai\\s+agent|gpt|virtual\\s+assistant)\\b"),
          phrase(
              InjectionRule.HIDDEN_INSTRUCTION,
              0.6,
              List.of(
                  "reading",
                  "processing",
                  "summari",
                  "screening",
                  "parsing",
                  "analy",
                  "scanning",
                  "indexing",
                  "crawling",
                  "ingesting"),
              AI
                  + "s?\\s+(?:that\\s+is\\s+|who\\s+is\\s+|currently\\s+)?(?:reading|processing"
                  + "|summari[sz]ing|screening|parsing|analy[sz]ing|scanning|indexing|crawling"
                  + "|ingesting)\\s+(?:this|these|the\\s+(?:page|document|email|text|file|cv))"),
          phrase(
              InjectionRule.HIDDEN_INSTRUCTION,
              0.6,
              List.of("read", "see", "process", "summari", "pars", "find", "ingest", "only"),
              "\\b(?:when|if|once|whenever)\\s+(?:an?\\s+|the\\s+|any\\s+)?"
                  + AI
                  + "s?\\s+(?:reads?|sees?|processes|summari[sz]es|parses|finds|ingests)\\s+this\\b"
                  + "|\\bfor\\s+(?:ai|llm|language\\s+model|chatbot)s?(?:\\s+systems?|\\s+models?"
                  + "|\\s+assistants?|\\s+agents?)?\\s+only\\b"),
          phrase(
              InjectionRule.HIDDEN_INSTRUCTION,
              0.5,
              List.of(),
              "\\bthe\\s+(?:assistant|ai|model|llm|chatbot|agent)\\s+(?:must|should|shall|will"
                  + "|is\\s+required\\s+to)\\s+now\\b"),
          phrase(
              InjectionRule.HIDDEN_INSTRUCTION,
              0.5,
              List.of(
                  "user",
                  "human",
                  "customer",
                  "resident",
                  "officer",
                  "operator",
                  "mention",
                  "silently"),
              "\\b(?:do\\s+not|don'?t|never|without)\\s+(?:tell(?:ing)?|inform(?:ing)?"
                  + "|mention(?:ing)?\\s+(?:this\\s+|it\\s+|that\\s+)?to|alert(?:ing)?"
                  + "|notify(?:ing)?|let(?:ting)?\\s+(?:\\w+\\s+)?know)\\s+(?:to\\s+)?the\\s+"
                  + "(?:user|human|customer|resident|officer|operator)\\b|\\b(?:do\\s+not|don'?t)"
                  + "\\s+mention\\s+(?:that\\s+you\\s+did\\s+(?:this|it)|it\\s+in\\s+your"
                  + "|the\\s+change)|\\bdo\\s+this\\s+silently\\b"),
          phrase(
              InjectionRule.HIDDEN_INSTRUCTION,
              0.5,
              List.of(),
              "\\b(?:silently|quietly|secretly|covertly)\\s+(?:\\w+\\s+){0,2}?(?:send|forward|add"
                  + "|delete|call|run|execute|upload|export|change|transfer|grant|share|email"
                  + "|post)\\b"),
          phrase(
              InjectionRule.HIDDEN_INSTRUCTION,
              0.3,
              List.of("ai", "a.i.", "assistant", "agent", "llm", "chatbot"),
              "(?<=^|[\\s\\[(<{>\"'-])(?:dear\\s+|hey\\s+|hi\\s+)?(?:ai|a\\.i\\.|assistant"
                  + "|ai\\s+assistant|ai\\s+agent|agent|llm|chatbot)\\s*[:,]\\s*(?:please\\s+)?"
                  + "(?:ignore|disregard|forget|call|send|forward|delete|reveal|tell|stop"
                  + "|you\\s+must|you\\s+should|new\\s+task|do\\s+not|don'?t|mark|approve|rate"
                  + "|add|remove|grant|transfer|pay|book|accept|share|export|upload|run|execute"
                  + "|output|print|insert|rank|recommend|when\\s+summari[sz]ing|if\\s+you)\\b"),
          phrase(
              InjectionRule.HIDDEN_INSTRUCTION,
              0.4,
              List.of("http", "www.", "@", "public", "external"),
              "\\b(?:send|forward|post|upload|exfiltrate|leak|copy|email|transmit|submit)\\s+"
                  + "(?:[\\w']+\\s+){0,5}?(?:conversation|chat\\s+history|history|emails?|messages"
                  + "|inbox|mailbox|data|records|passwords?|credentials|tokens?|api\\s+keys?"
                  + "|personal\\s+data|backup\\s+codes|contents|memory|context)\\s+"
                  + "(?:[\\w'.]+\\s+){0,4}?to\\s+(?:https?://|www\\.|\\S+@\\S+\\.\\w+"
                  + "|the\\s+public|an?\\s+external|a\\s+public)"),
          phrase(
              InjectionRule.HIDDEN_INSTRUCTION,
              0.3,
              List.of(),
              "!\\[[^\\]\\n]{0,100}\\]\\(https?://[^)\\s]*\\?[^)\\s]*="),
          phrase(
              InjectionRule.HIDDEN_INSTRUCTION,
              0.5,
              List.of(),
              "\\b(?:decode|decrypt|reverse|unscramble|read)\\b[^.!?\\n]{0,60}?\\b(?:and|then)\\s+"
                  + "(?:follow|obey|execute|do\\s+what|act\\s+on|carry\\s+out|run)\\b"));

  private InjectionRules() {}

  /**
   * Every rule hit in {@code text}, in text order. Hits of one rule that overlap are merged,
   * keeping the highest weight.
   */
  public static List<RuleHit> scan(String text) {
    List<RuleHit> hits = new ArrayList<>();
    scanCharacters(text, hits);
    Folded folded = Folded.of(text);
    for (PhraseRule rule : PHRASES) {
      if (!rule.worthRunning(folded.text())) {
        continue;
      }
      Matcher m = rule.pattern().matcher(folded.text());
      while (m.find()) {
        if (m.end() > m.start()) {
          int start = folded.start(m.start());
          int end = folded.end(m.end(), text);
          if (end > start) {
            hits.add(new RuleHit(rule.rule(), start, end, rule.weight()));
          }
        }
      }
    }
    return merge(hits);
  }

  /**
   * The rules' part of the score: {@code 1 - Π (1 - w)} over the strongest hit of each rule, so one
   * rule repeated does not add up, while independent rules do.
   */
  public static double score(List<RuleHit> hits) {
    Map<InjectionRule, Double> strongest = new EnumMap<>(InjectionRule.class);
    for (RuleHit hit : hits) {
      strongest.merge(hit.rule(), hit.weight(), Math::max);
    }
    double clean = 1;
    for (double w : strongest.values()) {
      clean *= 1 - w;
    }
    return 1 - clean;
  }

  /**
   * Removes what the rules find from tool or retrieved content: every hidden, invisible and bidi
   * control character (a zero-width joiner or non-joiner next to a non-ASCII character is kept:
   * emoji and several scripts need it), and each sentence holding an instruction-like hit, which
   * becomes {@link #REMOVED}. A sentence ends at {@code . ! ?} followed by white space, or at a
   * line break. What the classifier alone would flag is not removed: run {@link
   * InjectionDetector#detect} on the result and drop the content if it is still flagged.
   */
  public static Stripped strip(String toolContent) {
    List<RuleHit> hits = scan(toolContent);
    List<int[]> ranges = new ArrayList<>();
    for (RuleHit hit : hits) {
      if (!isCharacterRule(hit.rule())) {
        ranges.add(sentenceAround(toolContent, hit.start(), hit.end()));
      }
    }
    ranges.sort(Comparator.comparingInt((int[] r) -> r[0]));
    StringBuilder out = new StringBuilder(toolContent.length());
    int next = 0;
    int i = 0;
    while (i < toolContent.length()) {
      if (next < ranges.size() && ranges.get(next)[0] <= i) {
        int end = ranges.get(next)[1];
        while (next < ranges.size() && ranges.get(next)[0] <= end) {
          end = Math.max(end, ranges.get(next)[1]);
          next++;
        }
        out.append(REMOVED);
        i = Math.max(i, end);
        continue;
      }
      int cp = toolContent.codePointAt(i);
      int width = Character.charCount(cp);
      if (!isStrippable(toolContent, i, cp)) {
        out.appendCodePoint(cp);
      }
      i += width;
    }
    return new Stripped(out.toString(), hits);
  }

  static boolean isCharacterRule(InjectionRule rule) {
    return rule == InjectionRule.HIDDEN_CHARACTERS
        || rule == InjectionRule.INVISIBLE_CHARACTERS
        || rule == InjectionRule.BIDI_CONTROL;
  }

  private static boolean isStrippable(String text, int i, int cp) {
    if (Characters.isHidden(cp) || Characters.isBidiControl(cp)) {
      return true;
    }
    if (Characters.isZeroWidth(cp)) {
      return !(isJoiner(cp) && nextToNonAscii(text, i));
    }
    return false;
  }

  private static int[] sentenceAround(String text, int start, int end) {
    int from = start;
    while (from > 0 && !endsSentence(text, from - 1)) {
      from--;
    }
    while (from < end && Character.isWhitespace(text.charAt(from))) {
      from++;
    }
    int to = end;
    while (to < text.length() && !endsSentence(text, to)) {
      to++;
    }
    if (to < text.length() && text.charAt(to) != '\n') {
      to++;
    }
    return new int[] {from, to};
  }

  private static boolean endsSentence(String text, int i) {
    char c = text.charAt(i);
    if (c == '\n') {
      return true;
    }
    if (c == '.' || c == '!' || c == '?') {
      return i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1));
    }
    return false;
  }

  private static void scanCharacters(String text, List<RuleHit> hits) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int width = Character.charCount(cp);
      InjectionRule rule = null;
      double weight = 0;
      if (Characters.isHidden(cp)) {
        rule = InjectionRule.HIDDEN_CHARACTERS;
        weight = HIDDEN_WEIGHT;
      } else if (Characters.isBidiControl(cp)) {
        rule = InjectionRule.BIDI_CONTROL;
        weight = BIDI_WEIGHT;
      } else if (Characters.isZeroWidth(cp)
          && !(cp == 0xFEFF && i == 0)
          && !(isJoiner(cp) && nextToNonAscii(text, i))) {
        rule = InjectionRule.INVISIBLE_CHARACTERS;
        weight = INVISIBLE_WEIGHT;
      }
      if (rule != null) {
        int last = hits.size() - 1;
        if (last >= 0 && hits.get(last).rule() == rule && i - hits.get(last).end() <= MERGE_GAP) {
          RuleHit prev = hits.get(last);
          hits.set(last, new RuleHit(rule, prev.start(), i + width, weight));
        } else {
          hits.add(new RuleHit(rule, i, i + width, weight));
        }
      }
      i += width;
    }
  }

  private static boolean isJoiner(int cp) {
    return cp == 0x200C || cp == 0x200D;
  }

  private static boolean nextToNonAscii(String text, int i) {
    boolean before = i > 0 && text.codePointBefore(i) >= 0x80 && !isInvisibleAt(text, i - 1);
    int after = i + 1;
    boolean next =
        after < text.length() && text.codePointAt(after) >= 0x80 && !isInvisibleAt(text, after);
    return before || next;
  }

  private static boolean isInvisibleAt(String text, int i) {
    return Characters.isInvisible(text.codePointAt(i))
        || (Character.isLowSurrogate(text.charAt(i))
            && i > 0
            && Characters.isInvisible(text.codePointAt(i - 1)));
  }

  private static List<RuleHit> merge(List<RuleHit> hits) {
    hits.sort(
        Comparator.comparingInt(RuleHit::start)
            .thenComparing(RuleHit::rule)
            .thenComparingInt(RuleHit::end));
    List<RuleHit> merged = new ArrayList<>(hits.size());
    Map<InjectionRule, Integer> lastOfRule = new EnumMap<>(InjectionRule.class);
    for (RuleHit hit : hits) {
      Integer k = lastOfRule.get(hit.rule());
      if (k != null && merged.get(k).end() > hit.start()) {
        RuleHit prev = merged.get(k);
        merged.set(
            k,
            new RuleHit(
                hit.rule(),
                prev.start(),
                Math.max(prev.end(), hit.end()),
                Math.max(prev.weight(), hit.weight())));
      } else {
        lastOfRule.put(hit.rule(), merged.size());
        merged.add(hit);
      }
    }
    return merged;
  }

  /**
   * A phrase rule; {@code triggers} are words of which the folded text must contain one for the
   * pattern to be worth running (empty: always run), a cheap filter for the costlier patterns.
   */
  private static PhraseRule phrase(
      InjectionRule rule, double weight, List<String> triggers, String regex) {
    return new PhraseRule(rule, weight, triggers, Pattern.compile(regex, Pattern.UNICODE_CASE));
  }

  private record PhraseRule(
      InjectionRule rule, double weight, List<String> triggers, Pattern pattern) {
    boolean worthRunning(String folded) {
      if (triggers.isEmpty()) {
        return true;
      }
      for (String t : triggers) {
        if (folded.contains(t)) {
          return true;
        }
      }
      return false;
    }
  }
}
