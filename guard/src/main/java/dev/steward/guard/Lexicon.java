package dev.steward.guard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The words the name and address detectors know, each with the roles it plays (a bit set): one
 * look-up per word, straight from the scanned {@code char[]}, without allocating. Compared
 * case-insensitively (any script). Forenames and surnames come from the resources {@code
 * forenames.txt}, {@code surnames.txt} and {@code ambiguous.txt} beside this class; the rest is
 * written here.
 */
final class Lexicon {
  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

  static final int TITLE = 1;
  static final int FORENAME = 1 << 1;
  static final int SURNAME = 1 << 2;

  /** A forename that is also an English word, a month or a place: never a name on its own. */
  static final int AMBIGUOUS = 1 << 3;

  /** A lower-case part of a name: de, van, bin, ap, ní. */
  static final int PARTICLE = 1 << 4;

  /** A common word: never part of a name or a place. */
  static final int COMMON = 1 << 5;

  /** A word that makes the capitalised words before it an organisation or a place. */
  static final int ORG = 1 << 6;

  /** The last word of a street name: Road, Street, Close. */
  static final int STREET = 1 << 7;

  /** The last word of a house name: Cottage, Farm, House. */
  static final int BUILDING = 1 << 8;

  /** A word that starts a flat or unit: Flat, Apartment, Unit, Plot. */
  static final int UNIT = 1 << 9;

  static final int COUNTRY = 1 << 10;
  static final int GREETING = 1 << 11;
  static final int SIGN_OFF = 1 << 12;

  /** A relation or role before a name: son, wife, tenant, patient, social worker. */
  static final int RELATION = 1 << 13;

  /** A form label before a name when followed by a colon: Name, Witness, Attendees. */
  static final int LABEL = 1 << 14;

  /** A verb before a name: tell, met, visited, called. */
  static final int VERB = 1 << 15;

  /** A street word written before the street's name: Rue, Calle, Via, Jalan. */
  static final int STREET_FIRST = 1 << 16;

  /** The first word of a Welsh or Gaelic house name: Tŷ, Bryn, Plas, Taigh. */
  static final int HOUSE_FIRST = 1 << 17;

  /** North, South, East, West: may follow a street suffix (Queen Street West). */
  static final int DIRECTION = 1 << 18;

  /** A lower-case word joining the words of a place name: of, upon, y, de, la. */
  static final int PLACE_JOIN = 1 << 19;

  /** A word before a lower-case name: is (name is), m (I'm), to (spoke to), its. */
  static final int LEAD = 1 << 20;

  /**
   * The cue words looked at when written in lower case ("my name is priya", "mr patel", "thanks
   * paul", "flat 6, 40 park avenue"). A short list, so that the filter in front of it rejects
   * almost every other lower-case word without a look-up.
   */
  static final String LOWER_CUES =
      """
      mr mrs ms miss dr mx name names im m its s mum mom mam dad wife husband son daughter gran
      granny nan brother sister partner neighbour neighbor friend uncle aunt auntie cousin
      landlord landlady tenant patient client carer thanks thx cheers ta regards tell told met
      spoke talked speak talk visited called named copied flat apartment apt unit
      """;

  static final Lexicon WORDS = build();

  /**
   * Open addressing, each slot the word's full hash (high 32 bits) and its index + 1 (low 32 bits),
   * so that a probe compares hashes in one array before touching a word; the words' characters lie
   * in one array. Keeps a look-up within two or three cache lines.
   */
  private final long[] table;

  private final char[] pool;
  private final int[] wordStart;
  private final int[] flags;
  private final int mask;
  private final int shift;

  /** For a lower-case cue's first letter and length: the bit set of its possible last letters. */
  private final int[] lowerLast = new int[26 * 16];

  /** The same for its second letters: a word must pass both. */
  private final int[] lowerSecond = new int[26 * 16];

  /**
   * For a lower-case word: whether a street suffix of this first letter, last letter and length
   * exists.
   */
  private final long[] lowerStreet = new long[26 * 26 * 16 / 64 + 1];

  private Lexicon(Map<String, Integer> entries, java.util.Set<String> lowerCues) {
    int size = Integer.highestOneBit(Math.max(4, entries.size() * 2)) << 1;
    int chars = 0;
    for (String w : entries.keySet()) {
      chars += w.length();
    }
    pool = new char[chars];
    wordStart = new int[entries.size() + 1];
    flags = new int[entries.size()];
    table = new long[size];
    mask = size - 1;
    shift = Integer.numberOfLeadingZeros(size) + 1;
    int k = 0;
    for (Map.Entry<String, Integer> e : entries.entrySet()) {
      char[] w = e.getKey().toCharArray();
      flags[k] = e.getValue();
      int h = hash(w, 0, w.length);
      int slot = h >>> shift;
      System.arraycopy(w, 0, pool, wordStart[k], w.length);
      wordStart[k + 1] = wordStart[k] + w.length;
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = ((long) h << 32) | (k + 1);
      if (lowerCues.contains(e.getKey()) && w[0] >= 'a' && w[0] <= 'z' && w.length < 16) {
        char last = w[w.length - 1];
        if (last >= 'a' && last <= 'z') {
          lowerLast[(w[0] - 'a') * 16 + w.length] |= 1 << (last - 'a');
        }
        char second = w.length > 1 ? w[1] : 'a';
        if (second >= 'a' && second <= 'z') {
          lowerSecond[(w[0] - 'a') * 16 + w.length] |= 1 << (second - 'a');
        }
      }
      if ((flags[k] & STREET) != 0 && w[0] >= 'a' && w[0] <= 'z' && w.length < 16) {
        char last = w[w.length - 1];
        if (last >= 'a' && last <= 'z') {
          set(lowerStreet, ((w[0] - 'a') * 26 + (last - 'a')) * 16 + w.length);
        }
      }
      k++;
    }
  }

  private static void set(long[] bits, int k) {
    bits[k >>> 6] |= 1L << k;
  }

  private static boolean get(long[] bits, int k) {
    return (bits[k >>> 6] & (1L << k)) != 0;
  }

  /** The roles of {@code s[from, to)}, 0 if the word is unknown. */
  int lookup(char[] s, int from, int to) {
    int h = hash(s, from, to);
    int slot = h >>> shift;
    while (true) {
      long e = table[slot];
      if (e == 0) {
        return 0;
      }
      int k = (int) e - 1;
      if ((int) (e >>> 32) == h && equal(k, s, from, to)) {
        return flags[k];
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Whether a lower-case word {@code s[from, to)} may be a trigger: a cheap filter. */
  boolean mayTriggerLower(char[] s, int from, int to) {
    int len = to - from;
    if (len >= 16) {
      return false;
    }
    int row = (s[from] - 'a') * 16 + len;
    if (row < 0 || row >= 26 * 16) {
      return false;
    }
    int last = s[to - 1] - 'a';
    int second = len > 1 ? s[from + 1] - 'a' : 0;
    return (last & ~31) == 0
        && (second & ~31) == 0
        && ((lowerLast[row] >>> last) & 1) != 0
        && ((lowerSecond[row] >>> second) & 1) != 0;
  }

  /** Whether a lower-case word {@code s[from, to)} may be a street suffix: a cheap filter. */
  boolean mayBeStreet(char[] s, int from, int to) {
    char c = s[from];
    char last = s[to - 1];
    int len = to - from;
    return c >= 'a'
        && c <= 'z'
        && last >= 'a'
        && last <= 'z'
        && len < 16
        && get(lowerStreet, ((c - 'a') * 26 + (last - 'a')) * 16 + len);
  }

  private static char lower(char c) {
    return c < 128 ? Chars.lower(c) : Character.toLowerCase(c);
  }

  private boolean equal(int k, char[] s, int from, int to) {
    int start = wordStart[k];
    int len = wordStart[k + 1] - start;
    if (len != to - from) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (lower(s[from + i]) != pool[start + i]) {
        return false;
      }
    }
    return true;
  }

  /** A well-mixed hash (Fibonacci hashing): similar words land far apart, probes stay short. */
  private static int hash(char[] s, int from, int to) {
    int h = 0;
    for (int k = from; k < to; k++) {
      h = 31 * h + lower(s[k]);
    }
    return h * 0x9E3779B9;
  }

  // ---- the words ---------------------------------------------------------------------------

  private static Lexicon build() {
    Map<String, Integer> m = new LinkedHashMap<>();
    add(
        m,
        TITLE,
        """
        mr mrs ms miss mx dr prof professor sir dame lady lord rev revd reverend cllr councillor
        judge baroness baron canon father sister brother nurse sgt sergeant pc dc ds di dci
        inspector constable captain capt major colonel col lieutenant lt imam rabbi pastor bishop
        archbishop sheikh mrs. mr. dr. ms. prof. hon rt
        """);
    add(m, GREETING, "dear hi hello hey dearest morning afternoon evening");
    add(
        m,
        SIGN_OFF,
        "thanks thx cheers ta regards wishes sincerely faithfully truly best love signed thank");
    add(
        m,
        RELATION,
        """
        son daughter wife husband partner mother mum mom mam father dad brother sister gran
        granny grandma grandad grandpa grandfather grandmother grandson granddaughter uncle aunt
        auntie cousin nephew niece neighbour neighbor friend colleague carer landlord landlady
        tenant patient client applicant claimant resident pupil student baby child witness
        manager deputy officer worker therapist gp consultant vet surgeon physio physiotherapist
        headteacher head teacher chair chairman chairwoman secretary treasurer contact guardian
        kin interpreter caseworker solicitor advocate mp spokesperson née nee aka alias fiancé
        fiance fiancée fiancee stepson stepdaughter stepfather stepmother boyfriend girlfriend
        midwife paramedic doctor dentist optician pharmacist director founder owner boss
        """);
    add(
        m,
        LABEL,
        """
        name names surname surnames forename forenames firstname lastname applicant witness kin
        guardian contact manager deputy chair secretary treasurer signed attendees present
        apologies panel interviewed seen cc bcc from to re tenant landlord patient client claimant
        occupant resident parent child author by carer member members staff attendee employee
        """);
    add(
        m,
        VERB,
        """
        tell told met visited called named spoke talked speak talk write wrote reply forward pass
        copied
        """);
    add(m, LEAD, "m im its s");
    add(
        m,
        UNIT,
        """
        flat apartment apt unit suite room studio plot house block villa caravan maisonette
        po box ground basement penthouse
        """);
    add(
        m,
        STREET,
        """
        street st road rd lane ln avenue ave close cl drive dr way place pl court ct crescent
        cres gardens gdns terrace grove square sq hill row walk mews parade park view rise green
        gate yard wharf embankment broadway boulevard circus crossing end fields meadow meadows
        vale wynd brae bank side chase croft dale drove hey heights hollow leys lea mount orchard
        passage path quay reach ridge ring spur approach causeway copse dell glade grange glen
        loan pend brow fold garth ginnel gait boulevard highway expressway blvd pike lanes
        """);
    add(
        m,
        BUILDING,
        """
        house cottage cottages farm farmhouse lodge barn mill hall manor rectory vicarage granary
        stables villa court mansions buildings tower heights chambers works bungalow grange croft
        oast maltings coach barns cottage farmstead steading
        """);
    add(
        m,
        STREET_FIRST,
        """
        rue calle via viale rua avenida av piazza plaza paseo carrer jalan corso largo strada
        ulica ul praça praca travessa avinguda camino carretera vicolo allée chemin quai
        heol ffordd stryd lôn lon maes rhodfa cilgant teras
        """);
    add(m, HOUSE_FIRST, "tŷ ty bryn plas hafod hafan llys nant taigh tigh bwthyn glan cartref");
    add(m, DIRECTION, "north south east west upper lower");
    add(
        m,
        PLACE_JOIN,
        "of upon on y yr le la les de des du del della di da do dos das na an am sur en under");
    add(
        m,
        PARTICLE,
        """
        de da di do dos das del della der den van von la le du bin binti ibn al el ap ab ní ni
        nic ó o mac mc ter ten zu y e bint abu
        """);
    add(
        m,
        COUNTRY,
        """
        uk britain england scotland wales ireland spain france germany italy portugal netherlands
        holland belgium luxembourg switzerland austria sweden norway denmark finland iceland poland
        czechia slovakia hungary romania bulgaria greece turkey cyprus malta russia ukraine usa
        america canada mexico brazil argentina chile colombia peru australia zealand india
        pakistan bangladesh sri lanka nepal china japan korea vietnam thailand malaysia singapore
        indonesia philippines hong kong taiwan nigeria ghana kenya uganda tanzania ethiopia
        somalia egypt morocco tunisia algeria zimbabwe zambia africa uae emirates qatar saudi
        arabia iran iraq israel jordan lebanon syria afghanistan
        """);
    add(
        m,
        ORG,
        """
        council office offices centre center station airport line group trust foundation limited
        ltd plc llp inc services service church cathedral chapel bridge river library hospital
        school college university academy institute bank building society club hotel inn pub
        restaurant cafe shop store stores market museum gallery theatre theater cinema stadium
        arena studios palace castle tower estate surgery practice clinic partnership associates
        solicitors company corporation corp holdings industries motors airlines airways rail
        railway network media news press times post radio tv government ministry department
        agency authority commission committee board police fire ambulance army navy force party
        union association federation league united city town county district borough village
        island isle bay beach valley forest lake sea ocean award awards prize act report
        junction terminal marina pier port harbour docks brands foods team fc rovers wanderers
        athletic partners consulting systems solutions technologies labs pharmacy nursery
        primary secondary infirmary centre hub project programme scheme fund charity
        """);
    add(
        m,
        COMMON,
        """
        the a an and or but so then than that this these those there here it its i you he she we
        they my your his her our their me him us them not no yes please thanks just also still
        now near next where which who when what how why can could will would should may might
        must has have had do does did if as up down over under off out about after before again
        all any some every each only very too more most less in on at to for with from by of is
        was are were be been being am let lets new old good great best happy merry kind dear sir
        madam team everyone everybody all colleagues colleague customer customers residents
        friends member members parents staff sorry afraid glad writing calling ringing going
        sure looking hoping unable able available back here fine well ok okay hello hi yours
        regards summary table chapter section page figure appendix introduction contents note
        notes total number date time subject re dept yes no monday tuesday wednesday thursday
        friday saturday sunday january february march july september october november december
        mon tue tues wed thu thur thurs fri sat sun jan feb mar apr jul aug sep sept oct nov
        dec today tomorrow yesterday christmas easter eid diwali ramadan boxing bank holiday
        welcome hey urgent important reminder update notice request reply response question
        answer thank many with further following regarding dear
        """);
    load(m, "forenames.txt", FORENAME);
    load(m, "surnames.txt", SURNAME);
    load(m, "ambiguous.txt", AMBIGUOUS);
    return new Lexicon(m, java.util.Set.of(LOWER_CUES.strip().split("\\s+")));
  }

  private static void add(Map<String, Integer> m, int flag, String words) {
    for (String w : WHITE_SPACE.split(words.strip())) {
      m.merge(w.toLowerCase(Locale.ROOT), flag, (a, b) -> a | b);
    }
  }

  private static void load(Map<String, Integer> m, String resource, int flag) {
    try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        if (!line.startsWith("#") && !line.isBlank()) {
          add(m, flag, line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
