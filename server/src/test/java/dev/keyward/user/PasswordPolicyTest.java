package dev.keyward.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTest {
    private static final PasswordPolicy POLICY = new PasswordPolicy();

    @Test
    void aLongUncommonPasswordIsAccepted() {
        assertThat(POLICY.problem("correct horse battery", 8, "ada@example.com")).isEmpty();
    }

    @Test
    void theProjectMinimumCountsCharactersNotBytes() {
        assertThat(POLICY.problem("short", 8, null)).hasValue("must be at least 8 characters");
        // Eight code points, sixteen UTF-8 bytes: long enough.
        assertThat(POLICY.problem("ééééàààà", 8, null)).isEmpty();
        assertThat(POLICY.problem("ééééàààà", 9, null)).hasValue("must be at least 9 characters");
    }

    @Test
    void decomposedInputIsMeasuredAfterNfc() {
        // "e" + combining acute, eight times: 16 code points as sent, 8 after NFC.
        String decomposed = "e\u0301".repeat(8);
        assertThat(POLICY.problem(decomposed, 9, null)).hasValue("must be at least 9 characters");
        assertThat(PasswordPolicy.tooLong("e\u0301".repeat(200))).isEmpty();
    }

    @Test
    void twoHundredFiftySixCharactersIsTheOneUpperLimit() {
        assertThat(PasswordPolicy.tooLong("x".repeat(256))).isEmpty();
        assertThat(PasswordPolicy.tooLong("x".repeat(257))).hasValue("must be at most 256 characters");
        assertThat(PasswordPolicy.tooLong("x".repeat(100_000))).hasValue("must be at most 256 characters");
        assertThat(POLICY.problem("x".repeat(257), 8, null)).hasValue("must be at most 256 characters");
        // Emoji are two UTF-16 units but one character each.
        assertThat(PasswordPolicy.tooLong("\uD83D\uDE00".repeat(256))).isEmpty();
    }

    @Test
    void commonPasswordsAreRefusedWhateverTheirCase() {
        assertThat(POLICY.problem("password123", 8, null)).hasValue("is too common; choose a less guessable password");
        assertThat(POLICY.problem("PassWord123", 8, null)).hasValue("is too common; choose a less guessable password");
    }

    @Test
    void theAccountsEmailAndItsLocalPartAreRefused() {
        assertThat(POLICY.problem("Ada.Lovelace@Example.com", 8, "ada.lovelace@example.com"))
                .hasValue("must not be your email address");
        assertThat(POLICY.problem("ada.lovelace", 8, "ada.lovelace@example.com")).hasValue("must not be your email address");
        assertThat(POLICY.problem("ada.lovelace", 8, null)).isEmpty();
    }
}
