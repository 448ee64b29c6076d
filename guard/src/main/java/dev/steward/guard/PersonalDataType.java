package dev.steward.guard;

/**
 * The kinds of personal data the scanner finds. A {@link Finding#type()} is one of these names.
 * Names follow Presidio's entity names where Presidio has one ({@code PERSON}, {@code
 * EMAIL_ADDRESS}, {@code PHONE_NUMBER}, {@code CREDIT_CARD}, {@code IBAN_CODE}, {@code IP_ADDRESS},
 * {@code LOCATION}, {@code UK_NHS}, {@code UK_NINO}); the other UK identifiers use the same {@code
 * UK_} style. {@code docs/spec/personal-data.md} says what each detector validates.
 */
public enum PersonalDataType {
  /** National Insurance number: two prefix letters, six digits, suffix A-D. */
  UK_NINO,
  /** NHS number (England, Wales, Isle of Man), CHI number (Scotland) or H&amp;C number (NI). */
  UK_NHS,
  /** HMRC Unique Taxpayer Reference: ten digits with a modulus-11 check digit. */
  UK_UTR,
  /** UK passport number: nine digits, reported only next to the word passport. */
  UK_PASSPORT,
  /** DVLA driving licence number (Great Britain): sixteen characters encoding name and birth. */
  UK_DRIVING_LICENCE,
  /** Royal Mail postcode, including GIR 0AA and BFPO numbers. */
  UK_POSTCODE,
  /** Bank sort code (six digits), reported only next to the words sort code. */
  UK_SORT_CODE,
  /** Bank account number (eight digits), reported only next to account or sort-code words. */
  UK_BANK_ACCOUNT,
  /** International Bank Account Number (GB): bank code, sort code and account, mod-97 checked. */
  IBAN_CODE,
  /** Payment card number: issuer prefix, length and Luhn checked. */
  CREDIT_CARD,
  /** Telephone number, UK or international, validated by libphonenumber. */
  PHONE_NUMBER,
  /** Email address. */
  EMAIL_ADDRESS,
  /** IPv4 or IPv6 address. */
  IP_ADDRESS,
  /**
   * A person's name: capitalised words with a title, a cue (Dear, my name is, Name:), or known
   * forenames and surnames; heuristic.
   */
  PERSON,
  /**
   * A postal address: a building (house number, flat, house name, PO box) with its street and the
   * places after it, without a UK postcode (that is {@link #UK_POSTCODE}); heuristic.
   */
  LOCATION
}
