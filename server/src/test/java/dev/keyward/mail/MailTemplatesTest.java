package dev.keyward.mail;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in wording, template checks at save time, and the escaping of each part (M1, M4). */
class MailTemplatesTest {
    private static final BuiltinTemplates BUILTIN = new BuiltinTemplates();
    private final TemplateRenderer renderer = new TemplateRenderer();

    private static Map<String, String> values(String projectName, String code, String link) {
        Map<String, String> v = new HashMap<>();
        v.put("projectName", projectName);
        v.put("code", code);
        v.put("ttlMinutes", "10");
        v.put("email", "ada@example.com");
        v.put("firstName", "Ada");
        if (link != null) {
            v.put("link", link);
        }
        return v;
    }

    private TemplateRenderer.Rendered render(MailKind kind, String locale, Map<String, String> values) {
        return renderer.renderOnce(BUILTIN.find(kind, locale).orElseThrow(), values);
    }

    @Test
    void theEnglishBuiltInsSayWordForWordWhatKeywardAlwaysSaid() {
        TemplateRenderer.Rendered reset = render(MailKind.RESET_CODE, "en", values("Acme", "123456", null));
        assertThat(reset.subject()).isEqualTo("Your password reset code");
        assertThat(reset.text()).isEqualTo("Hello,\n\nSomeone asked to reset the password of your Acme account. Your code is:"
                + "\n\n123456\n\nIt is valid for 10 minutes and can be used once."
                + "\n\nIf you did not ask for this, ignore this email; your password stays unchanged.\n");
        TemplateRenderer.Rendered linked = render(MailKind.RESET_CODE, "en", values("Acme", "123456", "https://a.example/r?email=x"));
        assertThat(linked.text()).contains("can be used once.\nYou can enter it at https://a.example/r?email=x\n\nIf you");
        assertThat(linked.html()).contains("<a href=\"https://a.example/r?email=x\">Reset your password</a>");
        assertThat(reset.html()).doesNotContain("Reset your password").contains("<h2>Acme</h2>")
                .contains("letter-spacing:4px\">123456</p>");

        TemplateRenderer.Rendered verify = render(MailKind.VERIFY_EMAIL, "en", values("Acme", null, "http://k/verify-email?token=t1"));
        assertThat(verify.subject()).isEqualTo("Verify your email");
        assertThat(verify.text()).isEqualTo("Hello,\n\nPlease confirm your email address for Acme by opening this link:\n\n"
                + "http://k/verify-email?token=t1\n\nThe link is valid for 24 hours. If you did not create an account, ignore this email.\n");
        TemplateRenderer.Rendered changed = render(MailKind.PASSWORD_CHANGED, "en", values("Acme", null, null));
        assertThat(changed.subject()).isEqualTo("Your password was changed");
        assertThat(changed.text()).isEqualTo("Hello,\n\nThe password of your Acme account was just changed, and all your sessions"
                + " were signed out.\n\nIf this was not you, reset your password now and contact the Acme team.\n");
        TemplateRenderer.Rendered attempt = render(MailKind.SIGNUP_ATTEMPT, "en", values("Acme", null, null));
        assertThat(attempt.subject()).isEqualTo("Someone tried to sign up with your address");
        assertThat(attempt.text()).isEqualTo("Hello,\n\nSomeone just tried to create a Acme account with this email address, which"
                + " already has one. Nothing was changed.\n\nIf it was you, log in instead; if you forgot your password, reset it."
                + " If it was not you, you can ignore this email.\n");
    }

    @Test
    void everyLocaleHasEveryKindWithTheCodeAloneOnItsLineAndTheLinkInBothParts() {
        for (String locale : BuiltinTemplates.LOCALES) {
            TemplateRenderer.Rendered reset = render(MailKind.RESET_CODE, locale, values("Acme", "7KQ2MX", "https://l.example/x"));
            assertThat(reset.text()).as(locale).containsPattern(Pattern.compile("(?m)^7KQ2MX$"));
            assertThat(reset.html()).as(locale).contains(">7KQ2MX<").contains("lang=\"" + locale + "\"");
            TemplateRenderer.Rendered verify = render(MailKind.VERIFY_EMAIL, locale, values("Acme", null, "https://l.example/v?token=T"));
            assertThat(verify.text()).as(locale).contains("https://l.example/v?token=T");
            assertThat(verify.html()).as(locale).contains("href=\"https://l.example/v?token=T\"");
            for (MailKind kind : MailKind.values()) {
                TemplateRenderer.Rendered r = render(kind, locale, values("Acme", "7KQ2MX", null));
                assertThat(r.subject()).as(kind + " " + locale).isNotBlank().doesNotContain("{{");
                assertThat(r.text() + r.html()).as(kind + " " + locale).contains("Acme").doesNotContain("{{");
            }
        }
        assertThat(render(MailKind.RESET_CODE, "de", values("Acme", "1", null)).subject())
                .isEqualTo("Ihr Code zum Zurücksetzen des Passworts");
        assertThat(render(MailKind.VERIFY_EMAIL, "fr", values("Acme", null, "x")).subject()).isEqualTo("Confirmez votre adresse e-mail");
        assertThat(render(MailKind.RESET_CODE, "es", values("Acme", "1", null)).subject())
                .isEqualTo("Tu código para restablecer la contraseña");
        assertThat(render(MailKind.RESET_CODE, "pt", values("Acme", "1", null)).subject()).isEqualTo("Seu código para redefinir a senha");
    }

    @Test
    void valuesAreHtmlEscapedInHtmlRawInTextAndOnOneLineInTheSubject() {
        MailTemplate t = new MailTemplate("Hi {{firstName}} from {{{projectName}}}", "Dear {{firstName}}: {{code}}",
                "<p>{{firstName}} {{code}}</p>");
        Map<String, String> v = values("Evil\r\nBcc: x@example.com", "123456", null);
        v.put("firstName", "<b>Ada</b> & \"Bob\"\r\nX-Injected: 1");
        TemplateRenderer.Rendered r = renderer.renderOnce(t, v);
        assertThat(r.html()).isEqualTo("<p>&lt;b&gt;Ada&lt;/b&gt; &amp; &quot;Bob&quot;\r\nX-Injected: 1 123456</p>");
        assertThat(r.text()).isEqualTo("Dear <b>Ada</b> & \"Bob\"\r\nX-Injected: 1: 123456");
        assertThat(r.subject()).doesNotContain("\r").doesNotContain("\n")
                .isEqualTo("Hi <b>Ada</b> & \"Bob\"X-Injected: 1 from EvilBcc: x@example.com");
    }

    @Test
    void aTemplateIsRefusedPerFieldForEveryWayItCanBeWrong() {
        MailTemplate good = new MailTemplate("Code for {{projectName}}", "Your code:\n\n{{code}}\n", "<p>{{code}}</p>");
        assertThat(TemplateCheck.problems(MailKind.RESET_CODE, good)).isEmpty();
        assertThat(TemplateCheck.problems(MailKind.RESET_CODE, new MailTemplate("x", "{{#link}}{{link}}{{/link}}", "<p></p>")))
                .containsEntry("text", "must contain {{code}}").containsEntry("html", "must contain {{code}}");
        assertThat(TemplateCheck.problems(MailKind.VERIFY_EMAIL, good))
                .containsEntry("text", "must contain {{link}}").containsEntry("html", "must contain {{link}}");
        assertThat(TemplateCheck.problems(MailKind.PASSWORD_CHANGED, new MailTemplate("{{password}}", "{{user.email}}", "{{> header}}")))
                .hasEntrySatisfying("subject", r -> assertThat(r).startsWith("uses unknown placeholder {{password}}"))
                .hasEntrySatisfying("text", r -> assertThat(r).startsWith("uses unknown placeholder {{user.email}}"))
                .hasEntrySatisfying("html", r -> assertThat(r).startsWith("must not use partials"));
        assertThat(TemplateCheck.problems(MailKind.PASSWORD_CHANGED, new MailTemplate("ok", "{{#code}}unclosed", "<p>{{{firstName}}}</p>")))
                .hasEntrySatisfying("text", r -> assertThat(r).startsWith("is not valid mustache"))
                .hasEntrySatisfying("html", r -> assertThat(r).contains("unescaped"));
        assertThat(TemplateCheck.problems(MailKind.PASSWORD_CHANGED, new MailTemplate("ok", "{{&email}} {{<parent}}{{/parent}}",
                "<p>{{&email}}</p>")))
                .hasEntrySatisfying("text", r -> assertThat(r).contains("inheritance"))
                .hasEntrySatisfying("html", r -> assertThat(r).contains("unescaped"));
        String big = "x".repeat(MailTemplate.MAX_BODY_BYTES - 5) + "é{{code}}";
        assertThat(TemplateCheck.problems(MailKind.RESET_CODE, new MailTemplate("s".repeat(201), big, big)))
                .containsEntry("subject", "must be at most 200 characters")
                .containsEntry("text", "must be at most 65536 bytes").containsEntry("html", "must be at most 65536 bytes");
        assertThat(TemplateCheck.problems(MailKind.PASSWORD_CHANGED, new MailTemplate("two\nlines", "t", "h")))
                .containsEntry("subject", "must be one line");
    }
}
