package dev.steward.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoteTest {
  private static final String FOO_VKEY =
      "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
  private static final String PETER_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  private static final String PETER_SKEY =
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

  private static byte[] note(String name) throws IOException {
    return Files.readAllBytes(TestData.path("notes").resolve(name));
  }

  @Test
  void c2spExample_verifiesWithItsKey() throws IOException {
    NoteVerifier key = NoteVerifier.parse(FOO_VKEY);
    Note n = Note.parse(note("c2sp-example.note"));
    assertThat(n.verify(List.of(key))).containsExactly(key);
    assertThat(n.text()).isEqualTo("This is an example message.\n");
  }

  @Test
  void badNote_alteredText_rejectsWithBadSignature() throws IOException {
    Note n = Note.parse(note("bad.note"));
    assertThatThrownBy(() -> n.verify(List.of(NoteVerifier.parse(FOO_VKEY))))
        .isInstanceOfSatisfying(
            TlogException.class,
            e -> assertThat(e.code()).isEqualTo(TlogException.Code.BAD_SIGNATURE));
  }

  @Test
  void xmodExample_verifiesAndSignerReproducesItByteForByte() throws IOException {
    byte[] original = note("xmod-peter.note");
    Note n = Note.parse(original);
    assertThat(n.verify(List.of(NoteVerifier.parse(PETER_VKEY)))).hasSize(1);

    NoteSigner signer = NoteSigner.parse(PETER_SKEY);
    assertThat(signer.sign(n.text())).isEqualTo(original);
    assertThat(signer.verifier().toString()).isEqualTo(PETER_VKEY);
    assertThat(signer.privateKeyString()).isEqualTo(PETER_SKEY);
    assertThat(signer.toString()).doesNotContain("AYEKFALV");
  }

  @Test
  void keys_roundTripAndKeyIdsMatchTheSpecRecipe() {
    NoteVerifier v = NoteVerifier.parse(FOO_VKEY);
    assertThat(v.name()).isEqualTo("example.com/foo");
    assertThat(v.keyId()).isEqualTo(0x530d903a);
    assertThat(v.toString()).isEqualTo(FOO_VKEY);
    assertThat(NoteVerifier.parse(TestData.TESSERA_VERIFIER))
        .isEqualTo(NoteSigner.parse(TestData.TESSERA_SIGNER).verifier());
  }

  @Test
  void verifierKey_wrongKeyId_isMalformed() {
    assertMalformed(() -> NoteVerifier.parse(FOO_VKEY.replace("530d903a", "530d903b")));
    assertMalformed(() -> NoteSigner.parse(PETER_SKEY.replace("c74f20a3", "c74f20a4")));
    assertMalformed(() -> NoteVerifier.parse("example.com/foo+530d903a"));
    assertMalformed(
        () -> NoteVerifier.parse("exa mple+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"));
    assertMalformed(() -> NoteSigner.parse(FOO_VKEY));
  }

  @Test
  void generatedSigner_signsNotesItsVerifierAccepts() {
    NoteSigner s = NoteSigner.generate("steward.example/log");
    NoteSigner reparsed = NoteSigner.parse(s.privateKeyString());
    byte[] signed = s.sign("hello\nworld\n");
    assertThat(reparsed.sign("hello\nworld\n")).isEqualTo(signed);
    NoteVerifier v = NoteVerifier.parse(s.verifier().toString());
    assertThat(Note.parse(signed).verify(List.of(v))).containsExactly(v);
  }

  @Test
  void verify_ignoresUnknownKeysIncludingSameNameOtherId() {
    NoteSigner log = NoteSigner.generate("example.com/log");
    NoteSigner sameName = NoteSigner.generate("example.com/log");
    NoteSigner witness = NoteSigner.generate("witness.example");
    String text = "example.com/log\n1\n" + Merkle.emptyRoot().base64() + "\n";
    Note signed = new Note(text, List.of(sig(witness, text), sig(sameName, text), sig(log, text)));
    assertThat(Note.parse(signed.toBytes()).verify(List.of(log.verifier())))
        .containsExactly(log.verifier());
    assertThatThrownBy(() -> signed.verify(List.of(NoteSigner.generate("other").verifier())))
        .isInstanceOfSatisfying(
            TlogException.class,
            e -> assertThat(e.code()).isEqualTo(TlogException.Code.NO_TRUSTED_SIGNATURE));
  }

  @Test
  void verify_knownKeyWithForgedSignature_rejectsEvenIfAnotherKnownKeyVerifies() {
    NoteSigner a = NoteSigner.generate("a.example");
    NoteSigner b = NoteSigner.generate("b.example");
    String text = "text\n";
    Note.Signature forged =
        new Note.Signature(
            b.name(), b.keyId(), b.signatureBase64("other\n".getBytes(StandardCharsets.UTF_8)));
    Note n = new Note(text, List.of(sig(a, text), forged));
    assertThatThrownBy(() -> n.verify(List.of(a.verifier(), b.verifier())))
        .isInstanceOfSatisfying(
            TlogException.class,
            e -> assertThat(e.code()).isEqualTo(TlogException.Code.BAD_SIGNATURE));
  }

  @Test
  void parse_rejectsFormatViolations() {
    String sigLine =
        "— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
    assertThat(Note.parse(utf8("This is an example message.\n\n" + sigLine)).signatures())
        .hasSize(1);
    assertMalformed(() -> Note.parse(utf8("no blank line\n" + sigLine)));
    assertMalformed(() -> Note.parse(utf8("text\n\n" + sigLine.trim())));
    assertMalformed(() -> Note.parse(utf8("tab\there\n\n" + sigLine)));
    assertMalformed(() -> Note.parse(utf8("text\n\n- example.com/foo AAAAAAA=\n")));
    assertMalformed(() -> Note.parse(utf8("text\n\n— example.com/foo not*base64\n")));
    assertMalformed(() -> Note.parse(utf8("text\n\n— example.com/foo AAAA\n")));
    assertMalformed(() -> Note.parse(utf8("text\n\n— exa+mple AAAAAAA=\n")));
    assertMalformed(() -> Note.parse(new byte[] {'a', '\n', '\n', (byte) 0xff, '\n'}));
    assertMalformed(() -> Note.parse(utf8("text\n\n" + sigLine.repeat(Note.MAX_SIGNATURES + 1))));
    assertMalformed(() -> Note.parse(new byte[Note.MAX_BYTES + 1]));
  }

  @Test
  void parse_textMayHoldBlankLines_lastBlankLineSeparates() {
    NoteSigner s = NoteSigner.generate("k");
    byte[] signed = s.sign("para one\n\npara two\n");
    Note n = Note.parse(signed);
    assertThat(n.text()).isEqualTo("para one\n\npara two\n");
    assertThat(n.toBytes()).isEqualTo(signed);
  }

  private static Note.Signature sig(NoteSigner s, String text) {
    return new Note.Signature(s.name(), s.keyId(), s.signatureBase64(utf8(text)));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static void assertMalformed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            TlogException.class, e -> assertThat(e.code()).isEqualTo(TlogException.Code.MALFORMED));
  }
}
