package dev.steward.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Labelled text for measuring the scanner: UK identifiers in realistic sentences, and hard
 * negatives (order numbers, dates, invoice references, phone-like digits, random ten-digit numbers
 * without context, numbers failing their checks). Deterministic for a seed.
 *
 * <p>A template's {@code {SLOT}} is filled by a generator; slots named after a {@link
 * PersonalDataType} are labelled with it, the others ({@code NEG_...}) are not labelled.
 */
final class Corpus {
  /** One text and the spans it contains. */
  record Sample(String text, List<Finding> labels) {}

  static final List<String> POSITIVE =
      List.of(
          "My National Insurance number is {UK_NINO}.",
          "NI number: {UK_NINO}",
          "Please update the NINO {UK_NINO} on the claim.",
          "{UK_NINO} is my national insurance number, can you check my contributions?",
          "The claimant gave {UK_NINO} on the form.",
          "My NHS number is {UK_NHS}.",
          "Patient {UK_NHS} was seen in clinic on Tuesday.",
          "NHS No. {UK_NHS}",
          "Can you find the record for NHS number {UK_NHS} and summarise it?",
          "The patient's number is {UK_NHS}, date of birth {NEG_DATE_SLASH}.",
          "My UTR is {UK_UTR}.",
          "Unique Taxpayer Reference: {UK_UTR}",
          "HMRC sent a self assessment reminder for {UK_UTR}.",
          "Please quote the tax reference {UK_UTR} in your reply.",
          "My passport number is {UK_PASSPORT}.",
          "Passport no. {UK_PASSPORT}, expiring in 2031.",
          "He travelled on passport {UK_PASSPORT} last month.",
          "My driving licence number is {UK_DRIVING_LICENCE}.",
          "DVLA licence {UK_DRIVING_LICENCE} has three points.",
          "Driver number: {UK_DRIVING_LICENCE}",
          "The form shows {UK_DRIVING_LICENCE} in box 5.",
          "I live at {LOCATION}, {UK_POSTCODE}.",
          "Postcode: {UK_POSTCODE}",
          "Please send the forms to {UK_POSTCODE}.",
          "Our office moved to {UK_POSTCODE} last year.",
          "Call me on {PHONE_NUMBER}.",
          "My mobile is {PHONE_NUMBER}",
          "Tel: {PHONE_NUMBER}",
          "You can reach me on {PHONE_NUMBER} after 6pm.",
          "Contact {PHONE_NUMBER} or email {EMAIL_ADDRESS}.",
          "The surgery number {PHONE_NUMBER} is always engaged.",
          "My card number is {CREDIT_CARD}.",
          "I paid with Visa {CREDIT_CARD} yesterday.",
          "Card: {CREDIT_CARD}",
          "Please refund the debit card {CREDIT_CARD}.",
          "IBAN: {IBAN_CODE}",
          "Please transfer the grant to {IBAN_CODE}.",
          "My bank account IBAN is {IBAN_CODE}.",
          "Sort code {UK_SORT_CODE}, account number {UK_BANK_ACCOUNT}.",
          "Pay into account {UK_BANK_ACCOUNT}, sort code {UK_SORT_CODE}.",
          "My bank details are sort code {UK_SORT_CODE} and account {UK_BANK_ACCOUNT}.",
          "Email me at {EMAIL_ADDRESS}.",
          "Contact: {EMAIL_ADDRESS}",
          "{EMAIL_ADDRESS} wrote to complain about the bins.",
          "The request came from {IP_ADDRESS}.",
          "Server IP {IP_ADDRESS} refused the connection.",
          "A user logged in from {IP_ADDRESS} at 10:42.",
          "Block {IP_ADDRESS} on the firewall.",
          "My name is {PERSON} and I live at {LOCATION}.",
          "Please write to {PERSON} about the complaint.",
          "{PERSON} called about the council tax bill.");

  static final List<String> NEGATIVE =
      List.of(
          "Order number {NEG_TEN} was dispatched on {NEG_DATE_SLASH}.",
          "Your order {NEG_TEN} will arrive by {NEG_DATE_DASH}.",
          "Invoice {NEG_INVOICE} is due on {NEG_DATE_ISO}.",
          "The meeting is on {NEG_DATE_DASH} at {NEG_TIME}.",
          "Booking reference {NEG_NINE} is confirmed for {NEG_DATE_SLASH}.",
          "Reference {NEG_EIGHT} has been closed.",
          "Ticket {NEG_TEN} was resolved on {NEG_DATE_ISO}.",
          "The total was {NEG_MONEY} for {NEG_COUNT} items.",
          "See section {NEG_SECTION} of the guidance.",
          "Upgrade to version {NEG_VERSION} before Friday.",
          "The ratio was {NEG_DECIMAL} last quarter.",
          "Case {NEG_NHS_VALID} was closed without action.",
          "Record {NEG_NHS_UNISSUED} was archived.",
          "My NHS number is {NEG_NHS_BAD}.",
          "NI number {NEG_NINO_BAD}",
          "My UTR is {NEG_UTR_BAD}.",
          "Card number {NEG_CARD_BAD} was declined.",
          "IBAN {NEG_IBAN_BAD} was rejected.",
          "Call {NEG_PHONE_BAD} for details.",
          "Licence {NEG_LICENCE_BAD} on the form.",
          "Model {NEG_POSTCODE_BAD} is out of stock.",
          "Parcel tracking number {NEG_LUHN} is on its way.",
          "Item code {NEG_PHONELIKE} is discontinued.",
          "Batch {NEG_TEN} failed on {NEG_DATE_DASH}.",
          "There were {NEG_COUNT} people at {NEG_TIME} on {NEG_DATE_SLASH}.");

  static final List<String> FILLER =
      List.of(
          "Hi, I need some help with a form.",
          "I am writing about my housing benefit claim.",
          "The bins were not collected this week again.",
          "Can you summarise the letter below in plain English?",
          "Thanks for your help last time.",
          "The appointment was moved twice without notice.",
          "Please draft a polite reply for the resident.",
          "We need this answered before the end of the month.",
          "The council offices are closed on bank holidays.",
          "I have attached the details you asked for.",
          "This is my third message about the same problem.",
          "The school transport application is still pending.",
          "Could you explain what happens next?",
          "Rewrite this so that it reads better.",
          "The library card renewal did not go through.",
          "She asked whether the parking permit covers weekends.",
          "Our team reviewed 42 applications in March.",
          "The new policy starts in April 2025.",
          "It took 3 weeks and 2 phone calls to sort out.",
          "Translate the following note into Welsh.");

  private static final List<String> STREETS =
      List.of(
          "Acacia Avenue",
          "High Street",
          "Station Road",
          "Church Lane",
          "Mill Close",
          "Park Drive",
          "Victoria Road",
          "Queens Crescent",
          "Green Lane",
          "Oak Way");
  private static final List<String> FORENAMES =
      List.of(
          "John",
          "Sarah",
          "Mohammed",
          "Emily",
          "David",
          "Priya",
          "James",
          "Olivia",
          "Aisha",
          "Thomas",
          "Grace",
          "Daniel",
          "Chloe",
          "Oliver",
          "Fatima");
  private static final List<String> FAMILY =
      List.of(
          "Smith",
          "Jones",
          "Taylor",
          "Brown",
          "Williams",
          "Wilson",
          "Patel",
          "Khan",
          "Evans",
          "Roberts",
          "Walker",
          "Wright",
          "Thompson",
          "Hughes",
          "Edwards");
  private static final List<String> PREFIXES =
      List.of(
          "", "", "", "\uD83D\uDE00 ", "Caf\u00e9 na\u00efve \u2014 ", "\uD835\uDC00\uD835\uDC01 ");

  private final Identifiers id;
  private final Random r;

  Corpus(long seed) {
    this.r = new Random(seed);
    this.id = new Identifiers(r);
  }

  /** {@code count} samples, each of filler sentences around one to three templates. */
  static List<Sample> generate(long seed, int count) {
    Corpus c = new Corpus(seed);
    List<Sample> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      out.add(c.sample());
    }
    return out;
  }

  Sample sample() {
    StringBuilder text = new StringBuilder(id.pick(PREFIXES));
    List<Finding> labels = new ArrayList<>();
    int parts = 1 + r.nextInt(3);
    for (int k = 0; k < parts; k++) {
      if (r.nextInt(3) == 0) {
        text.append(id.pick(FILLER)).append(' ');
      }
      String template = r.nextInt(5) < 3 ? id.pick(POSITIVE) : id.pick(NEGATIVE);
      fill(template, text, labels);
      text.append(r.nextInt(4) == 0 ? "\n" : " ");
    }
    return new Sample(text.toString(), List.copyOf(labels));
  }

  /** Appends the template with its slots filled, adding a label for each labelled slot. */
  void fill(String template, StringBuilder text, List<Finding> labels) {
    int p = 0;
    while (true) {
      int open = template.indexOf('{', p);
      if (open < 0) {
        text.append(template, p, template.length());
        return;
      }
      text.append(template, p, open);
      int close = template.indexOf('}', open);
      String slot = template.substring(open + 1, close);
      String value = value(slot);
      int start = text.length();
      text.append(value);
      if (!slot.startsWith("NEG_")) {
        labels.add(new Finding(slot, start, text.length(), 1.0));
      }
      p = close + 1;
    }
  }

  String value(String slot) {
    return switch (slot) {
      case "UK_NINO" -> id.formatNino(id.ninoCompact(true));
      case "UK_NHS" -> id.formatNhs(id.nhsCompact());
      case "UK_UTR" -> id.formatUtr(id.utrCompact());
      case "UK_PASSPORT" -> id.passport();
      case "UK_DRIVING_LICENCE" -> id.licence();
      case "UK_POSTCODE" -> id.postcode();
      case "UK_SORT_CODE" -> id.sortCode();
      case "UK_BANK_ACCOUNT" -> id.account();
      case "PHONE_NUMBER" -> id.phone();
      case "CREDIT_CARD" -> id.formatCard(id.cardCompact(true));
      case "IBAN_CODE" -> id.formatIban(id.ibanCompact(true));
      case "EMAIL_ADDRESS" -> id.email();
      case "IP_ADDRESS" -> r.nextInt(3) == 0 ? id.ipv6() : id.ipv4();
      case "PERSON" -> person();
      case "LOCATION" -> (1 + r.nextInt(240)) + " " + id.pick(STREETS);
      case "NEG_TEN" -> (char) ('1' + r.nextInt(9)) + id.digits(9);
      case "NEG_NHS_BAD" -> unambiguous(() -> id.formatNhs(id.nhsBadChecksum()));
      case "NEG_NINE" -> id.digits(9);
      case "NEG_EIGHT" -> id.digits(8);
      case "NEG_NHS_VALID" -> id.formatNhs(id.nhsCompact());
      case "NEG_NHS_UNISSUED" -> id.formatNhs(id.nhsUnissued());
      case "NEG_NINO_BAD" -> id.formatNino(id.ninoCompact(false));
      case "NEG_UTR_BAD" -> unambiguous(id::utrBadChecksum);
      case "NEG_CARD_BAD" -> id.formatCard(id.cardCompact(false));
      case "NEG_LUHN" -> id.cardCompact(true);
      case "NEG_IBAN_BAD" -> id.formatIban(id.ibanCompact(false));
      case "NEG_PHONE_BAD" -> id.phoneInvalid();
      case "NEG_PHONELIKE" -> Identifiers.group("0" + id.digits(9), " ", 2, 2, 2, 2, 2);
      case "NEG_LICENCE_BAD" -> id.licenceInvalid();
      case "NEG_POSTCODE_BAD" -> id.postcodeInvalid();
      case "NEG_DATE_SLASH" ->
          String.format(
              Locale.ROOT,
              "%02d/%02d/%d",
              1 + r.nextInt(28),
              1 + r.nextInt(12),
              1950 + r.nextInt(75));
      case "NEG_DATE_DASH" ->
          String.format(
              Locale.ROOT, "%02d-%02d-%02d", 1 + r.nextInt(28), 1 + r.nextInt(12), r.nextInt(100));
      case "NEG_DATE_ISO" ->
          String.format(
              Locale.ROOT,
              "%d-%02d-%02d",
              2000 + r.nextInt(26),
              1 + r.nextInt(12),
              1 + r.nextInt(28));
      case "NEG_TIME" -> String.format(Locale.ROOT, "%02d:%02d", r.nextInt(24), r.nextInt(60));
      case "NEG_INVOICE" -> "INV-" + (2015 + r.nextInt(11)) + "-" + id.digits(5);
      case "NEG_MONEY" ->
          String.format(Locale.ROOT, "\u00a3%,d.%02d", r.nextInt(2_000_000), r.nextInt(100));
      case "NEG_COUNT" -> Integer.toString(r.nextInt(500));
      case "NEG_SECTION" ->
          (1 + r.nextInt(9))
              + "."
              + (1 + r.nextInt(9))
              + "."
              + (1 + r.nextInt(9))
              + "."
              + (1 + r.nextInt(9));
      case "NEG_VERSION" -> r.nextInt(20) + "." + r.nextInt(20) + "." + r.nextInt(20);
      case "NEG_DECIMAL" -> r.nextInt(100) + "." + id.digits(10);
      default -> throw new IllegalArgumentException("slot: " + slot);
    };
  }

  /**
   * A negative that is not also a valid telephone number: a mistyped UTR starting 0800 is still a
   * phone number's shape, and flagging it is right.
   */
  private static String unambiguous(java.util.function.Supplier<String> negative) {
    while (true) {
      String v = negative.get();
      if (!Identifiers.phoneValid(v)) {
        return v;
      }
    }
  }

  private String person() {
    String name = id.pick(FORENAMES) + " " + id.pick(FAMILY);
    return switch (r.nextInt(4)) {
      case 0 -> "Mr " + name;
      case 1 -> "Dr " + name;
      default -> name;
    };
  }
}
