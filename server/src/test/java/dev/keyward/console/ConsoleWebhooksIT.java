package dev.keyward.console;

import dev.keyward.support.Fixtures;
import dev.keyward.support.Hooks;
import dev.keyward.support.Resp;
import dev.keyward.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Webhooks section against a receiver on loopback (the shared test servers allow private
 * addresses): add an endpoint, copy its secret once, test it, follow the delivery, switch it off,
 * change its events, rotate its secret, delete it after a confirmation.
 */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class ConsoleWebhooksIT extends ConsoleBrowserTest {
    private static final By CARD = By.cssSelector("article.webhook");
    private static final By SECRET = By.cssSelector("main input.secret");

    @Parameter
    String db;

    @Test
    void anAdminAddsTestsDisablesRotatesAndDeletesAWebhook() {
        Fixtures.CreatedProject p = signedInProject();
        try (WebhookReceiver receiver = WebhookReceiver.ok()) {
            page.section("Webhooks");
            page.waitForText(By.cssSelector(".webhook-list"), "No webhooks yet");

            page.type("url", "ftp://example.com/hooks");
            page.button("Add webhook").click();
            assertThat(page.fieldError("url")).as("the server's reason, next to the field").isNotBlank();
            assertThat(page.alert()).contains("The webhook was not added");

            page.type("url", receiver.url());
            page.button("Add webhook").click();
            page.waitForText(CARD, receiver.url());
            page.waitForText(By.cssSelector(".created"), "shown only this once");
            String secret = page.driver.findElement(SECRET).getAttribute("value");
            assertThat(secret).startsWith("whsec_");
            assertThat(page.driver.switchTo().activeElement().getAttribute("value")).as("focus on the secret").isEqualTo(secret);
            assertThat(page.text(CARD)).contains("Enabled").contains("user.created").contains("otp_policy.updated");
            String id = api.get(Hooks.path(p.id()), Fixtures.key(p.adminKey())).json().get("webhooks").get(0).get("id").asText();

            page.button("Send test event").click();
            page.waitForText(CARD, "The test event was delivered");
            assertThat(receiver.await("webhook.test", 1).get(0).signedWith(secret)).as("signed with the secret shown").isTrue();
            assertThat(page.text(By.cssSelector("table.deliveries-table"))).contains("webhook.test").contains("Delivered")
                    .contains("HTTP 204").contains(" ms");
            page.screens(db, "webhooks", CARD);

            page.section("Events");
            page.section("Webhooks");
            page.waitForText(CARD, receiver.url());
            assertThat(page.driver.findElements(SECRET)).as("the secret is shown only once").isEmpty();
            assertThat(page.driver.getPageSource()).doesNotContain(secret);

            page.button("Disable").click();
            page.waitForText(CARD, "Disabled: no events are sent");
            assertThat(webhook(p, id).json().get("enabled").asBoolean()).isFalse();

            WebElement card = page.driver.findElement(CARD);
            card.findElement(By.tagName("summary")).click();
            List<WebElement> boxes = card.findElements(By.cssSelector(".event-choice input[type=checkbox]"));
            boxes.stream().filter(WebElement::isSelected).forEach(WebElement::click);
            page.button("Save events").click();
            assertThat(page.fieldError("events")).isEqualTo("must name at least one event type");
            card.findElement(By.xpath(".//label[code='user.deleted']")).click();
            page.button("Save events").click();
            page.waitForText(CARD, "Saved: 1 event.");
            assertThat(webhook(p, id).json().get("events").toString()).isEqualTo("[\"user.deleted\"]");

            page.button("Rotate secret…").click();
            page.button("Rotate secret").click();
            page.waitForText(CARD, "The secret was rotated");
            String rotated = page.driver.findElement(CARD).findElement(SECRET).getAttribute("value");
            assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
            assertThat(page.text(CARD)).contains("Old secret also signs until");

            page.button("Delete webhook…").click();
            page.button("Cancel").click();
            page.waitUntilGone(By.cssSelector("dialog"));
            assertThat(webhook(p, id).status()).as("not deleted on Cancel").isEqualTo(200);
            page.button("Delete webhook…").click();
            page.button("Delete webhook").click();
            page.waitForText(By.cssSelector(".webhook-list"), "Deleted the webhook to " + receiver.url());
            assertThat(webhook(p, id).status()).isEqualTo(404);
        }
    }

    private Resp webhook(Fixtures.CreatedProject p, String id) {
        return api.get(Hooks.path(p.id(), id), Fixtures.key(p.adminKey()));
    }

    @Override
    String db() {
        return db;
    }
}
