package dev.steward.guard;

/**
 * Person names and street addresses, by heuristics over capitalised words and small word lists. Far
 * weaker than the identifier detectors: it finds the common written forms (a title or a known
 * forename followed by a capitalised surname; a house number, a capitalised street name and a
 * street suffix) and misses the rest.
 *
 * <ul>
 *   <li>{@code PERSON}: a title ({@code Mr}, {@code Dr}, ...) and one to three capitalised words;
 *       or a forename from the list followed by a capitalised word that is not a common non-name
 *       ("Street", "Council", months, days).
 *   <li>{@code LOCATION}: one to three digits (optionally a letter: {@code 221B}), then one to
 *       three capitalised words, the last a street suffix ({@code Road}, {@code Close}, ...).
 * </ul>
 */
final class NameDetector {
  static final Context PERSON_CONTEXT =
      Context.of(
          "name*",
          "called",
          "named",
          "dear",
          "signed",
          "regards",
          "patient*",
          "client*",
          "resident*",
          "tenant*",
          "applicant*",
          "claimant*",
          "contact",
          "write to",
          "wrote",
          "spoke",
          "from",
          "by",
          "son",
          "daughter",
          "wife",
          "husband",
          "mother",
          "father");
  static final Context ADDRESS_CONTEXT =
      Context.of("live*", "address*", "moved", "resid*", "home", "at", "send", "post*", "deliver*");

  static final double TITLED = 0.85;
  static final double FORENAME_KNOWN_SURNAME = 0.85;
  static final double FORENAME = 0.7;
  static final double PERSON_WITH_CONTEXT = 0.9;
  static final double ADDRESS = 0.85;
  static final double ADDRESS_WITH_CONTEXT = 0.95;

  private static final WordSet TITLES =
      WordSet.of(
          """
          mr mrs ms miss mx dr prof professor sir dame lady lord rev revd cllr
          councillor
          """);

  /** Common forenames in the UK (ONS baby names and census), a few hundred. */
  private static final WordSet FORENAMES =
      WordSet.of(
          """
          aaron abdul abigail adam adrian ahmed aidan aisha alan albert alex alexander
          alexandra alfie ali alice alison amanda amber amelia amir amit amy andrea
          andrew angela anil anita ann anna anne anthony archie arthur asha ashley ava
          barbara barry ben benjamin beth bethany bilal brian bridget callum carl carol
          caroline catherine charles charlie charlotte chloe chris christine christopher
          claire connor craig daniel danielle darren david dean deborah declan deepak
          denise dennis derek diane donna dorothy dylan edward eileen elaine eleanor
          elizabeth ella ellie emily emma eric ethan eve evie fatima finley fiona
          florence frances freya gareth gary gemma george georgia gillian gordon grace
          graham hannah harriet harry harvey hassan hayley heather helen henry holly ian
          imran isaac isabel isabella isla ivy jack jacob jade james jamie jane janet
          jasmine jason jayden jean jennifer jessica joan joanne joe john jonathan
          joseph joshua joyce julie karen kate katherine kathleen keith kelly kevin
          kieran kirsty laura lauren leah lee leo lewis liam lily linda lisa logan
          louise lucy luke lynn maisie margaret maria mark martin mary matthew megan
          michael michelle mia mohammed mohammad muhammad nathan neil nicholas nicola
          niamh noah oliver olivia omar oscar owen pamela patricia patrick paul pauline
          peter philip phoebe poppy priya rachel raj rebecca rhys richard robert ruby
          rosie ryan sadia samantha samuel sandra sarah scott sean shaun sharon shirley
          siobhan simon sophie sophia stacey stephen steven stuart susan tariq teresa
          thomas tom tracey tyler usman victoria wayne william yusuf zara zoe
          """);

  private static final WordSet SURNAMES =
      WordSet.of(
          """
          smith jones taylor brown williams wilson johnson davies robinson wright
          thompson evans walker white roberts green hall wood jackson clarke clark patel
          khan lewis james phillips mason mitchell rose davis rodriguez cox alexander
          morgan moore martin harris thomas hughes edwards turner hill cooper ward
          morris king baker harrison lee allen young scott watson kelly campbell
          anderson murphy bell price bennett griffiths shaw parker richards ali hussain
          ahmed begum singh kaur macdonald stewart reid murray owen jenkins graham
          kennedy chapman ellis marshall collins carter russell dixon gray grant
          """);

  /** Capitalised words that follow a forename without being a surname. */
  private static final WordSet NOT_SURNAMES =
      WordSet.of(
          """
          street road lane avenue close drive council court house office centre center
          station airport line group trust foundation limited ltd plc services service
          church cathedral bridge river library hospital school college university bank
          holiday day january february march april may june july august september
          october november december monday tuesday wednesday thursday friday saturday
          sunday the and i nhs hmrc dvla uk gp please thanks thank team ward unit
          """);

  private static final WordSet STREET_SUFFIXES =
      WordSet.of(
          """
          street st road rd lane ln avenue ave close cl drive dr way place pl court ct
          crescent cres gardens gdns terrace grove square sq hill row walk mews parade
          park view rise green gate yard wharf embankment broadway boulevard circus
          crossing end fields meadow meadows vale wynd brae
          """);

  private NameDetector() {}

  /** Handles the letters-only word {@code s[i, j)}; returns the end of a finding or -1. */
  static int atWord(Scan x, int i, int j) {
    char[] s = x.s;
    if (!Chars.isUpper(s[i]) || j - i > 12 || !x.wants(PersonalDataType.PERSON)) {
      return -1;
    }
    if (TITLES.contains(s, i, j)) {
      int p = j < x.n && s[j] == '.' ? j + 1 : j;
      int end = p;
      for (int words = 0; words < 3; words++) {
        int e = nameWord(x, end);
        if (e < 0) {
          break;
        }
        end = e;
      }
      if (end == p) {
        return -1;
      }
      x.add(PersonalDataType.PERSON, i, end, TITLED);
      return end;
    }
    if (!FORENAMES.contains(s, i, j)) {
      return -1;
    }
    int end = nameWord(x, j);
    if (end < 0) {
      return -1;
    }
    int surnameStart = j + 1;
    int next = nameWord(x, end); // a middle name: "Mary Ann Smith"
    if (next > 0 && FORENAMES.contains(s, surnameStart, end)) {
      surnameStart = end + 1;
      end = next;
    }
    double score =
        NumberDetector.label(x, PERSON_CONTEXT, i, end) != Context.NONE
            ? PERSON_WITH_CONTEXT
            : SURNAMES.contains(s, surnameStart, end) ? FORENAME_KNOWN_SURNAME : FORENAME;
    x.add(PersonalDataType.PERSON, i, end, score);
    return end;
  }

  /**
   * The end of a capitalised name word after one space at {@code p} ("Smith", "O'Brien",
   * "Smith-Jones", "McDonald"), if it is not a common non-name; otherwise -1.
   */
  private static int nameWord(Scan x, int p) {
    char[] s = x.s;
    int n = x.n;
    if (p + 2 >= n || s[p] != ' ' || !Chars.isUpper(s[p + 1])) {
      return -1;
    }
    int e = p + 2;
    while (e < n) {
      char c = s[e];
      if (Chars.isAsciiLetter(c)) {
        e++;
      } else if ((c == '\'' || c == '-') && e + 1 < n && Chars.isAsciiLetter(s[e + 1])) {
        e += 2;
      } else {
        break;
      }
    }
    if (e - p < 3 || (e < n && Chars.isWordChar(s[e])) || allUpper(s, p + 1, e)) {
      return -1;
    }
    return NOT_SURNAMES.contains(s, p + 1, e) || STREET_SUFFIXES.contains(s, p + 1, e) ? -1 : e;
  }

  private static boolean allUpper(char[] s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (!Chars.isUpper(s[k])) {
        return false;
      }
    }
    return true;
  }

  /**
   * A street address at the digit run {@code s[i, runEnd)}: "14 Acacia Avenue", "221B Baker
   * Street". Returns its end or -1.
   */
  static int address(Scan x, int i, int runEnd) {
    char[] s = x.s;
    int n = x.n;
    if (!x.wants(PersonalDataType.LOCATION) || runEnd - i > 3) {
      return -1;
    }
    int p = runEnd;
    if (p < n && Chars.isUpper(s[p]) && p + 1 < n && s[p + 1] == ' ') {
      p++; // 221B
    }
    int end = -1;
    for (int words = 0; words < 4; words++) {
      if (p + 2 >= n || s[p] != ' ' || !Chars.isUpper(s[p + 1])) {
        break;
      }
      int e = p + 2;
      while (e < n && Chars.isAsciiLetter(s[e])) {
        e++;
      }
      if (e < n && Chars.isWordChar(s[e])) {
        break;
      }
      if (words > 0 && STREET_SUFFIXES.contains(s, p + 1, e)) {
        end = e;
        break;
      }
      p = e;
    }
    if (end < 0) {
      return -1;
    }
    double score =
        NumberDetector.label(x, ADDRESS_CONTEXT, i, end) != Context.NONE
            ? ADDRESS_WITH_CONTEXT
            : ADDRESS;
    x.add(PersonalDataType.LOCATION, i, end, score);
    return end;
  }
}
