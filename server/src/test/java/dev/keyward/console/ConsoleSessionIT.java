package dev.keyward.console;

import dev.keyward.support.Fixtures;
import dev.keyward.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Who is signed in: keys and tokens, what is stored, signing out, key rotation, the operator. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class ConsoleSessionIT extends ConsoleBrowserTest {
    private static final By NEW_KEY = By.cssSelector("main input.secret");

    @Parameter
    String db;

    @Test
    void aWrongKeyShowsAnErrorAndStoresNothing() {
        Fixtures.CreatedProject p = Fixtures.project(api, true);
        page.signIn("kwk_" + "x".repeat(40), p.id());
        assertThat(page.alert()).contains("This admin key was not accepted").contains("Nothing was stored");
        assertThat(page.storedItems()).isZero();

        Fixtures.CreatedProject other = Fixtures.project(api, true);
        page.signIn(other.adminKey(), p.id());
        assertThat(page.alert()).contains("belongs to another project");
        assertThat(page.storedItems()).isZero();

        page.signIn("not-the-operator-token", "");
        assertThat(page.alert()).contains("This operator token was not accepted");
        assertThat(page.storedItems()).isZero();

        page.signIn(p.adminKey(), "");
        assertThat(page.fieldError("projectId")).isEqualTo("A project admin key needs its project ID.");
        assertThat(page.storedItems()).isZero();
    }

    @Test
    void rotatingTheKeySignsTheAdminOutShowsTheNewKeyOnceAndTheOldKeyStopsWorking() {
        Fixtures.CreatedProject p = signedInProject();
        page.section("Admin key");
        page.button("Rotate the admin key…").click();
        page.button("Rotate key").click();

        page.waitForHeading("Sign in to the Keyward console");
        assertThat(page.storedItems()).as("signed out").isZero();
        assertThat(page.text(By.cssSelector("main [role=status]"))).contains("shown only once");
        String newKey = page.driver.findElement(NEW_KEY).getDomProperty("value");
        assertThat(newKey).startsWith("kwk_").isNotEqualTo(p.adminKey());
        assertThat(api.get(adminPath(p, ""), Fixtures.key(p.adminKey())).status()).isEqualTo(401);

        assertThat(page.field("projectId").getDomProperty("value")).isEqualTo(p.id());
        page.type("secret", newKey);
        page.button("Sign in").click();
        page.waitForHeading("Admin key");
        assertThat(page.stored()).contains(newKey);
    }

    @Test
    void aKeyRotatedElsewhereSignsTheAdminOutAtTheNextCallWithAnAlert() {
        Fixtures.CreatedProject p = signedInProject();
        api.post(adminPath(p, "/admin-key"), Map.of(), Fixtures.operator());
        // The overview may still be loading: its own next call can meet the 401 before the click.
        if (!page.driver.findElements(org.openqa.selenium.By.cssSelector("nav.sections")).isEmpty()) {
            try {
                page.driver.findElement(org.openqa.selenium.By.cssSelector("nav.sections"))
                        .findElement(org.openqa.selenium.By.linkText("Events")).click();
            } catch (org.openqa.selenium.WebDriverException signedOutMeanwhile) {
                // the page signed out between the lookup and the click
            }
        }
        page.waitForHeading("Sign in to the Keyward console");
        assertThat(page.alert()).contains("no longer accepts this key");
        assertThat(page.storedItems()).isZero();
    }

    @Test
    void signingOutClearsTheStoredKey() {
        signedInProject();
        assertThat(page.storedItems()).isEqualTo(1);
        page.driver.findElement(By.id("sign-out")).click();
        page.waitForHeading("Sign in to the Keyward console");
        assertThat(page.storedItems()).isZero();
    }

    @Test
    void theOperatorCreatesAProjectSeesItsKeyOnceCopiesItAndManagesTheProject() {
        page.driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", api.base(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        page.signIn(TestServer.OPERATOR_TOKEN, "");
        page.waitForHeading("Projects");
        assertThat(page.stored()).contains("operator").doesNotContain("kwk_");
        String name = "Console " + System.nanoTime();
        page.type("name", name);
        page.button("Create project").click();
        page.waitForText(By.cssSelector(".created h2"), name);

        List<WebElement> shown = page.driver.findElements(NEW_KEY);
        String id = shown.get(0).getDomProperty("value");
        String key = shown.get(1).getDomProperty("value");
        assertThat(key).startsWith("kwk_");
        assertThat(api.get("/api/admin/projects/" + id, Fixtures.key(key)).status()).isEqualTo(200);
        page.driver.findElements(By.xpath("//div[@class='secret-box'][.//label[text()='Admin key']]//button")).get(0).click();
        page.waitForText(By.cssSelector(".created .secret-box:nth-of-type(2) [role=status]"), "Copied");
        assertThat(page.driver.executeAsyncScript("navigator.clipboard.readText().then(arguments[arguments.length - 1])"))
                .isEqualTo(key);

        page.waitForText(By.cssSelector("table.stack"), name);
        page.driver.findElement(By.linkText(name)).click();
        page.waitForHeading("Overview");
        page.section("Admin key");
        page.button("Rotate the admin key…").click();
        page.button("Rotate key").click();
        page.waitForText(By.cssSelector(".rotated"), "shown only this once");
        assertThat(page.stored()).as("the operator stays signed in").contains("operator");
        assertThat(api.get("/api/admin/projects/" + id, Fixtures.key(key)).status()).isEqualTo(401);
        page.driver.findElement(By.linkText("← All projects")).click();
        page.waitForHeading("Projects");
    }

    @Override
    String db() {
        return db;
    }
}
