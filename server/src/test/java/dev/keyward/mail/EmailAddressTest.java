package dev.keyward.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmailAddressTest {

    @Test
    void theDomainIsLowercasedAndTheKeyIsTheWholeAddressLowercased() {
        EmailAddress e = EmailAddress.tryParse("  Ada.Lovelace@Example.COM ").orElseThrow();
        assertThat(e.address()).isEqualTo("Ada.Lovelace@example.com");
        assertThat(e.key()).isEqualTo("ada.lovelace@example.com");
    }

    @Test
    void dotAtomLocalPartsWithTheirSpecialCharactersAreAccepted() {
        assertThat(EmailAddress.tryParse("o'brien+tag@mail.example.co.uk")).isPresent();
        assertThat(EmailAddress.tryParse("a!#$%&*=?^_`{|}~-b@x.io")).isPresent();
    }

    @Test
    void lookalikesQuotedStringsAndMalformedAddressesAreRefused() {
        // Cyrillic "а" in the local part (Django CVE-2019-19844 style lookalikes).
        assertThat(EmailAddress.tryParse("\u0430da@example.com")).isEmpty();
        assertThat(EmailAddress.tryParse("\"ada\"@example.com")).isEmpty();
        assertThat(EmailAddress.tryParse("ada@localhost")).isEmpty();
        assertThat(EmailAddress.tryParse("ada..b@example.com")).isEmpty();
        assertThat(EmailAddress.tryParse(".ada@example.com")).isEmpty();
        assertThat(EmailAddress.tryParse("ada@-example.com")).isEmpty();
        assertThat(EmailAddress.tryParse("@example.com")).isEmpty();
        assertThat(EmailAddress.tryParse("ada@")).isEmpty();
        assertThat(EmailAddress.tryParse(null)).isEmpty();
        assertThat(EmailAddress.tryParse("ada@b@example.com")).isEmpty();
    }

    @Test
    void lengthLimitsAre64ForTheLocalPartAnd254Overall() {
        assertThat(EmailAddress.tryParse("a".repeat(64) + "@example.com")).isPresent();
        assertThat(EmailAddress.tryParse("a".repeat(65) + "@example.com")).isEmpty();
        String domain = ("d".repeat(62) + ".").repeat(3) + "com";
        String longest = "a".repeat(61) + "@" + domain;
        assertThat(longest).hasSize(254);
        assertThat(EmailAddress.tryParse(longest).map(EmailAddress::address)).hasValue(longest);
        assertThat(EmailAddress.tryParse("a" + longest)).isEmpty();
    }
}
