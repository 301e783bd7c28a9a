package dev.keyward.console;

import dev.keyward.support.Fixtures;
import dev.keyward.support.Resp;
import dev.keyward.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The OTP policy editor: the live guess chance, saving, and the server's reasons next to the fields. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class ConsolePolicyIT extends ConsoleBrowserTest {
    private static final By CHANCE = By.cssSelector(".chance-value");
    private static final By PANEL = By.cssSelector(".chance-panel");

    @Parameter
    String db;

    @Test
    void anAdminSetsEightAlphanumericSymbolsAndThePublicPolicyShowsThem() {
        Fixtures.CreatedProject p = Fixtures.project(api, true);
        api.patch(adminPath(p, ""), Map.of("name", "My app"), Fixtures.key(p.adminKey()));
        page.signInAsAdmin(p.adminKey(), p.id());
        assertThat(page.stored()).contains(p.adminKey()).contains(p.id());
        page.section("OTP policy");
        assertThat(page.text(CHANCE)).isEqualTo("1 in 100,000");
        assertThat(page.text(By.cssSelector(".chance-panel .per"))).isEqualTo("1.0e-5 per address and day");

        page.type("length", "8");
        assertThat(page.text(CHANCE)).as("live, before saving").isEqualTo("1 in 10,000,000");
        new Select(page.field("alphabet")).selectByValue("alphanumeric");
        assertThat(page.text(CHANCE)).isEqualTo("1 in 109,951,162,778");
        assertThat(page.driver.findElement(PANEL).getAttribute("class")).doesNotContain("weak");
        page.button("Save policy").click();
        page.waitForText(By.cssSelector("form.policy .status"), "Saved");

        Resp pub = api.get("/api/auth/local/otp-policy?projectId=" + p.id());
        assertThat(pub.json().get("length").asInt()).isEqualTo(8);
        assertThat(pub.field("alphabet")).isEqualTo("alphanumeric");
        if (db.equals("h2")) {
            // The README's picture of the editor, redrawn on every run so it shows the console as it is.
            page.readmeViewport();
            page.screenshot(TestServer.repoRoot().resolve("docs/console-policy.png"));
            page.desktop();
        }
    }

    @Test
    void aWeakCombinationTurnsTheChanceRedAndTheSaveIsRefusedWithTheServersReasonNextToTheField() {
        Fixtures.CreatedProject p = signedInProject();
        page.section("OTP policy");
        page.type("maxFailuresPerDay", "100");
        page.type("maxAttempts", "10");

        assertThat(page.text(CHANCE)).isEqualTo("1 in 10,000");
        assertThat(page.driver.findElement(PANEL).getAttribute("class")).contains("weak");
        assertThat(page.driver.findElement(CHANCE).getCssValue("color")).as("red").isEqualTo("rgba(163, 25, 31, 1)");
        assertThat(page.text(By.cssSelector(".verdict"))).startsWith("Too weak");

        page.button("Save policy").click();
        assertThat(page.alert()).contains("The server refused the policy: OTP policy is too weak");
        assertThat(page.fieldError("length")).contains("too weak: 100 guesses a day over numeric^6 codes");
        assertThat(page.fieldError("maxFailuresPerDay")).contains("too weak");
        assertThat(page.field("length").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(api.get(adminPath(p, "/otp-policy"), Fixtures.key(p.adminKey())).json().get("maxFailuresPerDay").asInt())
                .as("nothing stored").isEqualTo(10);

        page.type("length", "7");
        assertThat(page.driver.findElement(PANEL).getAttribute("class")).doesNotContain("weak");
        page.type("maxAttempts", "11");
        page.type("ttlSeconds", "30");
        page.button("Save policy").click();
        assertThat(page.fieldError("maxAttempts")).isEqualTo("must be between 1 and 10");
        assertThat(page.fieldError("ttlSeconds")).isEqualTo("must be between 60 and 3600");
    }

    @Override
    String db() {
        return db;
    }
}
