package dev.steward.guard;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Telephone number validation with libphonenumber's metadata.
 *
 * <p>Numbers under country code 44 (written {@code 0...}, {@code +44...} or {@code 0044...}) are
 * checked against the number patterns of the regions sharing it (GB, GG, IM, JE), compiled once,
 * the way {@link PhoneNumberUtil#isValidNumber} checks them but without its parsing, which costs
 * around ten microseconds a number. Other international numbers go through {@link
 * PhoneNumberUtil#parse} and {@link PhoneNumberUtil#isValidNumber} with region GB. A test holds the
 * fast path equal to libphonenumber's answer.
 */
final class Phones {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final List<Region> UK = loadRegions(44);

  private Phones() {}

  /**
   * Whether {@code s[start, end)} is a valid number; it starts with {@code +}, {@code (} or a
   * digit.
   */
  static boolean valid(char[] s, int start, int end) {
    char[] digits = new char[end - start];
    int nd = 0;
    boolean plus = false;
    for (int k = start; k < end; k++) {
      char c = s[k];
      if (Chars.isDigit(c)) {
        digits[nd++] = c;
      } else if (c == '+') {
        plus = true;
      }
    }
    int from;
    if (plus || (nd > 4 && digits[0] == '0' && digits[1] == '0')) {
      int cc = plus ? 0 : 2;
      if (nd > cc + 2 && digits[cc] == '4' && digits[cc + 1] == '4') {
        from = cc + 2;
        if (from < nd && digits[from] == '0') {
          from++; // +44 (0)20 ...
        }
      } else {
        return validElsewhere(new String(s, start, end - start));
      }
    } else if (nd > 1 && digits[0] == '0') {
      from = 1;
    } else {
      return false;
    }
    return validUk(new String(digits, from, nd - from));
  }

  /** Whether the national significant number is valid under country code 44. */
  static boolean validUk(String nsn) {
    for (Region r : UK) {
      if (r.leadingDigits != null) {
        if (r.leadingDigits.matcher(nsn).lookingAt()) {
          return r.valid(nsn);
        }
      } else if (r.valid(nsn)) {
        return true;
      }
    }
    return false;
  }

  private static boolean validElsewhere(String text) {
    try {
      return UTIL.isValidNumber(UTIL.parse(text, "GB"));
    } catch (NumberParseException e) {
      return false;
    }
  }

  private static List<Region> loadRegions(int countryCode) {
    MetadataSource source =
        DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    List<Region> regions = new ArrayList<>();
    for (String code : UTIL.getRegionCodesForCountryCode(countryCode)) {
      regions.add(new Region(source.getMetadataForRegion(code)));
    }
    if (regions.isEmpty()) {
      throw new IllegalStateException("libphonenumber has no regions for country code 44");
    }
    return List.copyOf(regions);
  }

  /** One region's number types, in the order libphonenumber tries them. */
  private static final class Region {
    final @Nullable Pattern leadingDigits;
    final Desc general;
    final List<Desc> types;

    Region(PhoneMetadata m) {
      leadingDigits = m.hasLeadingDigits() ? Pattern.compile(m.getLeadingDigits()) : null;
      general = new Desc(m.getGeneralDesc(), null);
      List<Desc> t = new ArrayList<>();
      for (PhoneNumberDesc d :
          List.of(
              m.getPremiumRate(),
              m.getTollFree(),
              m.getSharedCost(),
              m.getVoip(),
              m.getPersonalNumber(),
              m.getPager(),
              m.getUan(),
              m.getVoicemail(),
              m.getFixedLine(),
              m.getMobile())) {
        if (d.hasNationalNumberPattern()
            && !d.getNationalNumberPattern().isEmpty()
            && !d.getPossibleLengthList().contains(-1)) {
          t.add(new Desc(d, m.getGeneralDesc()));
        }
      }
      types = List.copyOf(t);
    }

    boolean valid(String nsn) {
      if (!general.matches(nsn)) {
        return false;
      }
      for (Desc d : types) {
        if (d.matches(nsn)) {
          return true;
        }
      }
      return false;
    }
  }

  private static final class Desc {
    final Pattern pattern;
    final long lengths;

    Desc(PhoneNumberDesc d, @Nullable PhoneNumberDesc general) {
      pattern = Pattern.compile(d.getNationalNumberPattern());
      List<Integer> own = d.getPossibleLengthList();
      List<Integer> list = own.isEmpty() && general != null ? general.getPossibleLengthList() : own;
      long mask = 0;
      for (int len : list) {
        if (len > 0 && len < 64) {
          mask |= 1L << len;
        }
      }
      lengths = mask;
    }

    boolean matches(String nsn) {
      int len = nsn.length();
      return (lengths == 0 || (len < 64 && (lengths & (1L << len)) != 0))
          && pattern.matcher(nsn).matches();
    }
  }
}
