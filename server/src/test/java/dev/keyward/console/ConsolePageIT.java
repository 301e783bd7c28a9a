package dev.keyward.console;

import dev.keyward.otp.Alphabet;
import dev.keyward.otp.OtpPolicy;
import dev.keyward.support.Fixtures;
import dev.keyward.support.Resp;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the page is, whatever the database: usable by keyboard alone, every control labelled,
 * readable at 375 px, and its guess chance the server's. Run on H2 only, to keep the suite quick;
 * the database-backed journeys run on both in the other Console*IT classes.
 */
class ConsolePageIT extends ConsoleBrowserTest {
    @Override
    String db() {
        return "h2";
    }

    @Test
    void anAdminSignsInChangesThePolicyAndCancelsARotationByKeyboardAlone() {
        Fixtures.CreatedProject p = Fixtures.project(api, true);
        page.tabTo("the key field", e -> "secret".equals(e.getDomAttribute("name")));
        page.press(p.adminKey());
        page.tabTo("the project ID field", e -> "projectId".equals(e.getDomAttribute("name")));
        page.press(p.id(), Keys.ENTER);
        page.waitForHeading("Overview");

        page.tabTo("the OTP policy link", e -> "OTP policy".equals(e.getText()));
        page.press(Keys.ENTER);
        page.waitForHeading("OTP policy");
        page.waitForText(By.cssSelector(".chance-value"), "1 in 100,000");
        page.tabTo("the length field", e -> "length".equals(e.getDomAttribute("name")));
        page.press(Keys.chord(Keys.CONTROL, "a"), "9");
        page.tabTo("the save button", e -> "Save policy".equals(e.getText()));
        page.press(Keys.ENTER);
        page.waitForText(By.cssSelector("form.policy .status"), "Saved");
        Resp policy = api.get(adminPath(p, "/otp-policy"), Fixtures.key(p.adminKey()));
        assertThat(policy.json().get("length").asInt()).isEqualTo(9);

        page.tabTo("the Admin key link", e -> "Admin key".equals(e.getText()));
        page.press(Keys.ENTER);
        page.waitForHeading("Admin key");
        page.tabTo("the rotate button", e -> e.getText().startsWith("Rotate the admin key"));
        page.press(Keys.ENTER);
        assertThat(page.driver.switchTo().activeElement().getText()).as("the safe choice has the focus").isEqualTo("Cancel");
        page.press(Keys.ESCAPE);
        page.waitUntilGone(By.cssSelector("dialog"));
        assertThat(page.driver.switchTo().activeElement().getText()).startsWith("Rotate the admin key");
        assertThat(api.get(adminPath(p, ""), Fixtures.key(p.adminKey())).status()).as("not rotated").isEqualTo(200);
    }

    @Test
    void everySectionIsLabelledAndReadableAtPhoneWidth() {
        signedInProject();
        Path dir = Path.of("target", "console-screens", db());
        for (String section : List.of("Overview", "OTP policy", "Settings", "Users", "Events", "Webhooks", "Admin key")) {
            page.section(section);
            page.waitForText(By.cssSelector(".project-name"), "Test");
            assertThat(page.script("""
                    return [...document.querySelectorAll('main input, main select, main textarea')]
                      .filter((e) => e.labels.length === 0 || [...e.labels].every((l) => !l.textContent.trim()))
                      .map((e) => e.name || e.outerHTML)""")).as("unlabelled controls on " + section).asList().isEmpty();
            assertThat(page.script("""
                    return [...document.querySelectorAll('button, a')].filter((e) => e.offsetParent !== null)
                      .filter((e) => !e.textContent.trim()).map((e) => e.outerHTML)""")).as("nameless buttons").asList().isEmpty();
            String file = section.replace(' ', '-');
            page.screenshot(dir.resolve("desktop-" + file + ".png"));
            page.phone();
            assertThat(page.overflowsSideways()).as(section + " at 375 px").isFalse();
            page.screenshot(dir.resolve("phone-" + file + ".png"));
            page.desktop();
        }
    }

    @Test
    void thePagesFormulaGivesTheServersVerdictForEveryPolicyInRange() {
        Fixtures.CreatedProject p = signedInProject();
        page.section("OTP policy");
        String fromPage = (String) page.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/console/policy.js').then((m) => {
                  let out = '';
                  for (const alphabet of ['numeric', 'alphanumeric'])
                    for (let length = 6; length <= 10; length++)
                      for (let maxAttempts = 1; maxAttempts <= 10; maxAttempts++)
                        for (let maxSendsPerHour = 1; maxSendsPerHour <= 20; maxSendsPerHour++)
                          for (let maxFailuresPerDay = 1; maxFailuresPerDay <= 100; maxFailuresPerDay++)
                            out += m.isTooWeak({alphabet, length, maxAttempts, maxSendsPerHour, maxFailuresPerDay}) ? 'W' : '.';
                  done(out);
                });""");
        StringBuilder fromServer = new StringBuilder();
        for (Alphabet alphabet : new Alphabet[] {Alphabet.NUMERIC, Alphabet.ALPHANUMERIC}) {
            for (int length = 6; length <= 10; length++) {
                for (int attempts = 1; attempts <= 10; attempts++) {
                    for (int sends = 1; sends <= 20; sends++) {
                        for (int failures = 1; failures <= 100; failures++) {
                            OtpPolicy policy = new OtpPolicy(length, alphabet, 600, attempts, 60, sends, failures);
                            fromServer.append(policy.problems().tooWeak().isPresent() ? 'W' : '.');
                        }
                    }
                }
            }
        }
        assertThat(fromPage).hasSize(200_000).isEqualTo(fromServer.toString()).contains("W").contains(".");
        Resp edge = api.put(adminPath(p, "/otp-policy"), Map.of("length", 6, "alphabet", "numeric", "ttlSeconds", 600,
                "maxAttempts", 5, "resendCooldownSeconds", 60, "maxSendsPerHour", 5, "maxFailuresPerDay", 11),
                Fixtures.key(p.adminKey()));
        assertThat(edge.status()).as("just above the limit, refused as the page predicts").isEqualTo(400);
    }
}
