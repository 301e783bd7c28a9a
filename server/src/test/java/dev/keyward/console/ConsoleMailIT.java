package dev.keyward.console;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.keyward.support.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;


import static dev.keyward.support.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Mail section against a second GreenMail on loopback (the shared test servers allow private
 * SMTP hosts): a bad port's reason next to the field, a saved server whose password is only said
 * to be stored, a test send, a template draft previewed with its placeholders rendered, a template
 * refused for an unknown placeholder, and the empty dead-letter table.
 */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class ConsoleMailIT extends ConsoleBrowserTest {
    private static final By SMTP_STATE = By.cssSelector(".smtp-state");
    private static final By PREVIEW = By.cssSelector(".template-preview");

    private static GreenMail own;

    @Parameter
    String db;

    @BeforeAll
    static void startOwnServer() {
        own = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        own.start();
        own.setUser("smtp@alpha.example", "alpha", "s3cret-pass");
    }

    @AfterAll
    static void stopOwnServer() {
        own.stop();
    }

    @Test
    void anAdminSetsUpSmtpPreviewsAndSavesTemplatesAndSeesNoDeadLetters() throws Exception {
        Fixtures.CreatedProject p = signedInProject();
        page.section("Mail");
        page.waitForText(SMTP_STATE, "goes through the server default");
        page.waitForText(By.cssSelector(".dead-letters"), "No dead letters");

        page.type("host", "127.0.0.1");
        page.type("port", "70000");
        new Select(page.field("security")).selectByValue("none");
        page.type("username", "alpha");
        page.type("password", "s3cret-pass");
        page.type("fromAddress", "mail@alpha.example");
        page.button("Save SMTP server").click();
        assertThat(page.fieldError("port")).as("the server's reason, next to the field").contains("between 1 and 65535");
        assertThat(page.alert()).contains("The SMTP server was not saved");

        page.type("port", String.valueOf(own.getSmtp().getPort()));
        page.type("password", "s3cret-pass");
        page.button("Save SMTP server").click();
        page.waitForText(By.cssSelector(".smtp-stored"), "A password is stored.");
        page.waitForText(SMTP_STATE, "127.0.0.1:" + own.getSmtp().getPort());
        assertThat(page.field("password").getAttribute("value")).as("write-only").isEmpty();
        assertThat(page.driver.getPageSource()).doesNotContain("s3cret-pass");
        var stored = api.get(adminPath(p, "/smtp"), key(p.adminKey())).json();
        assertThat(stored.get("passwordSet").asBoolean()).isTrue();
        assertThat(stored.get("security").asText()).isEqualTo("none");

        String to = Fixtures.uniqueEmail("consoletest");
        page.type("to", to);
        page.button("Send test mail").click();
        page.waitForText(By.cssSelector(".smtp-reply"), "Sent. The server answered:");
        assertThat(own.getReceivedMessagesForDomain(to.substring(to.indexOf('@') + 1)))
                .as("the test mail went through the project's server, logged in")
                .anySatisfy(m -> assertThat(m.getAllRecipients()[0].toString()).isEqualTo(to));

        new Select(page.field("kind")).selectByValue("reset_code");
        page.type("locale", "en");
        page.button("Load template").click();
        page.waitForText(By.cssSelector(".template-origin"), "built-in wording");
        assertThat(page.field("text").getAttribute("value")).contains("{{code}}");
        page.type("subject", "Your {{projectName}} code");
        page.type("text", "Console draft: {{code}} for {{email}}");
        page.type("html", "<p>Console draft: <b>{{code}}</b></p>");
        page.button("Preview").click();
        page.waitForText(PREVIEW, "Console draft:");
        String text = page.text(By.cssSelector(".preview-text"));
        assertThat(text).as("the rendered text").startsWith("Console draft: ").contains("for ada@example.com")
                .doesNotContain("{{");
        assertThat(page.text(By.cssSelector(".preview-html"))).as("the HTML as its source, not markup")
                .startsWith("<p>Console draft: <b>").doesNotContain("{{");
        assertThat(page.driver.findElements(By.cssSelector(".template-preview b, iframe"))).isEmpty();
        page.screens(db, "mail", PREVIEW);

        page.type("text", "Console draft: {{code}} {{nope}}");
        page.button("Save template").click();
        assertThat(page.fieldError("text")).contains("unknown placeholder {{nope}}");
        assertThat(page.alert()).contains("The template was not saved");
        assertThat(api.get(adminPath(p, "/templates/reset_code/en"), key(p.adminKey())).json().get("custom").asBoolean())
                .as("nothing saved").isFalse();

        page.type("text", "Console draft: {{code}}");
        page.button("Save template").click();
        page.waitForText(By.cssSelector(".template-origin"), "This project's own template");
        assertThat(api.get(adminPath(p, "/templates/reset_code/en"), key(p.adminKey())).json().get("text").asText())
                .isEqualTo("Console draft: {{code}}");

        page.button("Reset to built-in…").click();
        page.button("Reset to built-in").click();
        page.waitForText(By.cssSelector(".template-status"), "built-in wording again");
        assertThat(api.get(adminPath(p, "/templates/reset_code/en"), key(p.adminKey())).json().get("custom").asBoolean())
                .isFalse();

        page.button("Use the server default…").click();
        page.button("Use the server default").click();
        page.waitForText(SMTP_STATE, "goes through the server default");
        assertThat(api.get(adminPath(p, "/smtp"), key(p.adminKey())).status()).isEqualTo(404);
    }

    @Override
    String db() {
        return db;
    }
}
