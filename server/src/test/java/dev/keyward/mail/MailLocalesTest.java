package dev.keyward.mail;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Locale tags, Accept-Language and the fallback chain of DESIGN.md section 9. */
class MailLocalesTest {
    @Test
    void tagsAreStoredCanonicalAndUnknownOnesAreRefused() {
        assertThat(MailLocales.canonical("pt-br")).contains("pt-BR");
        assertThat(MailLocales.canonical("DE")).contains("de");
        assertThat(MailLocales.canonical("zh-hant-tw")).contains("zh-Hant-TW");
        assertThat(MailLocales.canonical("es-419")).contains("es-419");
        for (String bad : new String[] {"", "e", "english", "qq", "xx-YY", "en-ZZ", "en_US", "de-DE-u-co-phonebk", "x-private",
                "en\r\nX: y", "a".repeat(40)}) {
            assertThat(MailLocales.canonical(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void acceptLanguageGivesTheFirstKnownTagByWeight() {
        assertThat(MailLocales.fromAcceptLanguage("fr")).contains("fr");
        assertThat(MailLocales.fromAcceptLanguage("en;q=0.5, fr-CH, fr;q=0.9")).contains("fr-CH");
        assertThat(MailLocales.fromAcceptLanguage("*, qq, de;q=0.1")).contains("de");
        assertThat(MailLocales.fromAcceptLanguage("de;q=0")).isEmpty();
        assertThat(MailLocales.fromAcceptLanguage(";;;=")).isEmpty();
        assertThat(MailLocales.fromAcceptLanguage("de," + "x".repeat(300))).isEmpty();
        assertThat(MailLocales.fromAcceptLanguage(null)).isEqualTo(Optional.empty());
    }

    @Test
    void theUserWinsThenTheRequestThenTheProjectAndTemplatesFallBackToLanguageThenDefaultThenEnglish() {
        assertThat(MailLocales.choose("de", "fr", "es")).isEqualTo("de");
        assertThat(MailLocales.choose(null, "fr", "es")).isEqualTo("fr");
        assertThat(MailLocales.choose(null, "qq", "es")).isEqualTo("es");
        assertThat(MailLocales.choose(null, null, null)).isEqualTo("en");
        assertThat(MailLocales.candidates("pt-BR", "en")).containsExactly("pt-BR", "pt", "en");
        assertThat(MailLocales.candidates("it", "de-AT")).containsExactly("it", "de-AT", "de", "en");
    }
}
