package dev.keyward.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.keyward.support.Api;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Mailbox;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import dev.keyward.support.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.keyward.support.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13: each project's own SMTP server and sender, the user's language, and the admin API for both. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class ProjectMailIT {
    /** Project A's own SMTP server; the shared GreenMail is the server default. */
    private static GreenMail own;

    @Parameter
    String db;
    Api api;

    @BeforeAll
    static void startOwnServer() {
        own = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        own.start();
    }

    @AfterAll
    static void stopOwnServer() {
        own.stop();
    }

    @BeforeEach
    void setUp() {
        api = TestServer.shared(db).api;
    }

    static Map<String, Object> smtp(int port, String fromName, String fromAddress) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("host", "127.0.0.1");
        s.put("port", port);
        s.put("security", "none");
        s.put("fromName", fromName);
        s.put("fromAddress", fromAddress);
        return s;
    }

    private String user(String project, Map<String, Object> extra) {
        String email = Fixtures.uniqueEmail("lang");
        Map<String, Object> body = new LinkedHashMap<>(Map.of("email", email, "password", "some good password",
                "emailVerified", true));
        body.putAll(extra);
        Resp r = api.post("/api/admin/projects/" + project + "/users", body, Fixtures.operator());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return email;
    }

    @Test
    void projectAsMailGoesThroughItsOwnServerWithItsSenderAndProjectBsThroughTheDefault() {
        var a = Fixtures.project(api, false);
        var b = Fixtures.project(api, false);
        Resp put = api.put("/api/admin/projects/" + a.id() + "/smtp", smtp(own.getSmtp().getPort(), "Alpha Team",
                "hello@alpha.example"), key(a.adminKey()));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("passwordSet").asBoolean()).isFalse();
        String alice = user(a.id(), Map.of());
        String bob = user(b.id(), Map.of());
        Users.requestReset(api, a.id(), alice);
        Users.requestReset(api, b.id(), bob);

        Mailbox.Mail toAlice = Mailbox.await(own, alice, "Your password reset code", 1).get(0);
        assertThat(toAlice.from()).isEqualTo("Alpha Team <hello@alpha.example>");
        assertThat(Mailbox.codeIn(toAlice.text())).matches("[0-9]{6}");
        Mailbox.Mail toBob = Mailbox.await(bob, "Your password reset code", 1).get(0);
        assertThat(toBob.from()).isEqualTo("Keyward <no-reply@localhost>");
        assertThat(Mailbox.to(alice)).as("not through the default server").isEmpty();
        assertThat(Mailbox.to(own, bob)).as("not through A's server").isEmpty();

        Resp gone = api.delete("/api/admin/projects/" + a.id() + "/smtp", key(a.adminKey()));
        assertThat(gone.status()).isEqualTo(200);
        assertThat(api.get("/api/admin/projects/" + a.id() + "/smtp", key(a.adminKey())).status()).isEqualTo(404);
        String carol = user(a.id(), Map.of());
        Users.requestReset(api, a.id(), carol);
        assertThat(Mailbox.await(carol, "Your password reset code", 1)).as("back on the default server").hasSize(1);
        assertThat(api.get("/api/admin/projects/" + a.id() + "/smtp", key(b.adminKey())).status()).isEqualTo(403);
    }

    @Test
    void aGermanUserGetsGermanPtBrFallsBackToPtAndAcceptLanguageFrGivesFrench() {
        String project = Fixtures.project(api, false).id();
        String german = user(project, Map.of("locale", "de"));
        String brazilian = user(project, Map.of("locale", "pt-br"));
        String none = user(project, Map.of());
        // The user's own language wins over the request's.
        api.post("/api/auth/local/password-reset", Map.of("email", german, "projectId", project), "Accept-Language", "fr");
        Users.requestReset(api, project, brazilian);
        api.post("/api/auth/local/password-reset", Map.of("email", none, "projectId", project), "Accept-Language",
                "fr-CH;q=0.8, qq, fr;q=0.9");

        Mailbox.Mail de = Mailbox.await(german, "Ihr Code zum Zurücksetzen des Passworts", 1).get(0);
        assertThat(de.text()).startsWith("Hallo,").contains("Ihr Code lautet:");
        assertThat(Mailbox.codeIn(de.text())).matches("[0-9]{6}");
        Mailbox.Mail pt = Mailbox.await(brazilian, "Seu código para redefinir a senha", 1).get(0);
        assertThat(Mailbox.codeIn(pt.text())).matches("[0-9]{6}");
        Mailbox.Mail fr = Mailbox.await(none, "Votre code de réinitialisation du mot de passe", 1).get(0);
        assertThat(fr.html()).contains("lang=\"fr\"");

        // Sign-up takes the locale too, and its verification mail is the first to use it.
        String verifying = Fixtures.project(api, true).id();
        String signUp = Fixtures.uniqueEmail("signup");
        assertThat(api.post("/api/auth/local/register", Map.of("email", signUp, "password", "some good password",
                "projectId", verifying, "locale", "de-CH")).status()).isEqualTo(201);
        assertThat(Mailbox.await(signUp, "Bestätigen Sie Ihre E-Mail-Adresse", 1).get(0).text()).contains("?token=");

        // Without either, the project's default.
        assertThat(api.patch("/api/admin/projects/" + project, Map.of("defaultLocale", "es"), Fixtures.operator())
                .json().get("defaultLocale").asText()).isEqualTo("es");
        String other = user(project, Map.of());
        Users.requestReset(api, project, other);
        Mailbox.await(other, "Tu código para restablecer la contraseña", 1);
    }

    @Test
    void aProjectsOwnTemplateWinsForItsLocaleAndThePreviewRendersDraftsAndStoredOnes() {
        var p = Fixtures.project(api, false);
        String base = "/api/admin/projects/" + p.id() + "/templates/reset_code/de";
        Map<String, Object> t = Map.of("subject", "Dein {{projectName}}-Code",
                "text", "Hallo {{firstName}},\n\ndein Code:\n\n{{code}}\n\nGilt {{ttlMinutes}} Minuten.\n",
                "html", "<p>Hallo {{firstName}}, dein Code: <b>{{code}}</b></p>");
        Resp put = api.put(base, t, key(p.adminKey()));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("custom").asBoolean()).isTrue();
        assertThat(api.get("/api/admin/projects/" + p.id() + "/templates", key(p.adminKey())).json().get("templates"))
                .hasSize(1);
        String email = user(p.id(), Map.of("locale", "de-AT", "firstName", "<Ada>"));
        Users.requestReset(api, p.id(), email);
        Mailbox.Mail mail = Mailbox.await(email, "Dein " + projectName(p.id()) + "-Code", 1).get(0);
        assertThat(mail.text()).startsWith("Hallo <Ada>,");
        assertThat(mail.html()).contains("Hallo &lt;Ada&gt;,");
        assertThat(Mailbox.codeIn(mail.text())).matches("[0-9]{6}");

        Resp stored = api.post(base + "/preview", null, key(p.adminKey()));
        assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
        assertThat(stored.field("subject")).isEqualTo("Dein " + projectName(p.id()) + "-Code");
        assertThat(stored.field("text")).contains("Hallo Ada,").containsPattern("(?m)^[0-9]{6}$");
        Resp draft = api.post("/api/admin/projects/" + p.id() + "/templates/verify_email/fr/preview",
                Map.of("subject", "Bienvenue", "text", "{{link}}", "html", "<a href=\"{{link}}\">{{email}}</a>"),
                key(p.adminKey()));
        assertThat(draft.field("html")).contains("verify-email?token=sample-token&amp;projectId=" + p.id())
                .contains(">ada@example.com<");
        assertThat(api.get("/api/admin/projects/" + p.id() + "/templates/verify_email/fr", key(p.adminKey()))
                .json().get("custom").asBoolean()).as("not saved by the preview").isFalse();

        assertThat(api.delete(base, key(p.adminKey())).status()).isEqualTo(200);
        assertThat(api.get(base, key(p.adminKey())).field("subject")).isEqualTo("Ihr Code zum Zurücksetzen des Passworts");
        assertThat(api.get("/api/admin/projects/" + p.id() + "/templates/reset_code/it", key(p.adminKey())).status())
                .isEqualTo(404);
    }

    private String projectName(String id) {
        return api.get("/api/admin/projects/" + id, Fixtures.operator()).field("name");
    }

    @Test
    void badSmtpTemplateAndLocaleInputIsA400WithPerFieldDetails() {
        var p = Fixtures.project(api, false);
        String[] k = key(p.adminKey());
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("host", "not a host!");
        bad.put("port", 70000);
        bad.put("security", "ssl");
        bad.put("fromName", "Evil\r\nBcc: victim@example.com");
        bad.put("fromAddress", "a@b.example\r\nBcc: x@example.com");
        bad.put("username", "u\nser");
        Resp r = api.put("/api/admin/projects/" + p.id() + "/smtp", bad, k);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("details").fieldNames()).toIterable()
                .contains("host", "port", "security", "fromName", "fromAddress", "username");
        Resp quoted = api.put("/api/admin/projects/" + p.id() + "/smtp", smtp(25, "A \"B\" <c>", "ok@example.com"), k);
        assertThat(quoted.json().get("details").get("fromName").asText()).contains("quotes");

        Map<String, Object> template = new LinkedHashMap<>();
        template.put("subject", "{{code}} {{secret}}");
        template.put("text", "{{#code}}");
        template.put("html", "x".repeat(70_000));
        Resp t = api.put("/api/admin/projects/" + p.id() + "/templates/reset_code/en", template, k);
        assertThat(t.status()).isEqualTo(400);
        assertThat(t.json().get("details").fieldNames()).toIterable().containsExactlyInAnyOrder("subject", "text", "html");
        Resp header = api.put("/api/admin/projects/" + p.id() + "/templates/password_changed/en", Map.of("subject",
                "Hi\r\nBcc: victim@example.com", "text", "t", "html", "h"), k);
        assertThat(header.json().get("details").get("subject").asText()).contains("control characters");
        assertThat(api.put("/api/admin/projects/" + p.id() + "/templates/welcome/en", Map.of("subject", "s", "text", "t",
                "html", "h"), k).json().get("details").has("kind")).isTrue();
        assertThat(api.get("/api/admin/projects/" + p.id() + "/templates/reset_code/klingon-XX", k).json()
                .get("details").has("locale")).isTrue();
        Resp reg = api.post("/api/auth/local/register", Map.of("email", Fixtures.uniqueEmail("l"), "password",
                "some good password", "projectId", p.id(), "locale", "english"));
        assertThat(reg.json().get("details").get("locale").asText()).contains("BCP 47");
        assertThat(api.patch("/api/admin/projects/" + p.id(), Map.of("defaultLocale", "zz"), k).json().get("details")
                .has("defaultLocale")).isTrue();
    }

    @Test
    void theSmtpTestAnswersWithTheServersReplyAndIsLimitedToFivePerHour() {
        var p = Fixtures.project(api, false);
        String[] k = key(p.adminKey());
        assertThat(api.post("/api/admin/projects/" + p.id() + "/smtp/test", Map.of("to", "me@example.com"), k).status())
                .as("no server of its own yet").isEqualTo(404);
        api.put("/api/admin/projects/" + p.id() + "/smtp", smtp(own.getSmtp().getPort(), null, "test@alpha.example"), k);
        String to = Fixtures.uniqueEmail("smtptest");
        Resp ok = api.post("/api/admin/projects/" + p.id() + "/smtp/test", Map.of("to", to), k);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("ok").asBoolean()).isTrue();
        assertThat(ok.field("reply")).startsWith("250");
        assertThat(Mailbox.to(own, to)).hasSize(1);
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(api.post("/api/admin/projects/" + p.id() + "/smtp/test", Map.of("to", to), k).status());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 200, 429);
        assertThat(api.get("/api/admin/projects/" + p.id() + "/events?type=smtp.tested", k).json().get("events")).hasSize(5);
    }
}
