package dev.keyward.console;

import dev.keyward.support.Fixtures;
import dev.keyward.support.Mailbox;
import dev.keyward.support.Resp;
import dev.keyward.support.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.mindrot.jbcrypt.BCrypt;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A tenant admin's pages besides the policy: overview, settings, users, events; labels and phone width. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
class ConsoleTenantIT extends ConsoleBrowserTest {
    private static final By EVENT_ROWS = By.cssSelector("table.events tbody tr");

    @Parameter
    String db;

    @Test
    void anAdminFindsCreatesImportsAndDeletesUsers() {
        Fixtures.CreatedProject p = signedInProject();
        String existing = Fixtures.uniqueEmail("found");
        Resp created = api.post(adminPath(p, "/users"), Map.of("email", existing, "password", Users.PASSWORD,
                "firstName", "Grace", "lastName", "Hopper"), Fixtures.key(p.adminKey()));
        page.section("Users");
        page.type("email", existing);
        page.button("Find").click();
        page.waitForText(By.cssSelector("article.user"), created.field("id"));
        assertThat(page.text(By.cssSelector("article.user"))).contains(existing).contains("Grace Hopper");

        page.button("Delete user…").click();
        page.button("Cancel").click();
        assertThat(api.get(adminPath(p, "/users?email=" + existing), Fixtures.key(p.adminKey())).status()).isEqualTo(200);
        page.button("Delete user…").click();
        page.button("Delete user").click();
        page.waitForText(By.cssSelector(".user-result"), "Deleted " + existing);
        assertThat(api.get(adminPath(p, "/users?email=" + existing), Fixtures.key(p.adminKey())).status()).isEqualTo(404);

        String imported = Fixtures.uniqueEmail("imported");
        By createForm = By.cssSelector("form[aria-label='Create or import a user']");
        page.driver.findElement(createForm).findElement(By.name("email")).sendKeys(imported);
        page.driver.findElement(By.xpath("//label[text()='Import a bcrypt hash from another system']")).click();
        page.type("passwordHash", BCrypt.hashpw("legacy password 1", BCrypt.gensalt(4)));
        page.driver.findElement(By.xpath("//label[text()='The email address is already verified']")).click();
        page.button("Import user").click();
        page.waitForText(By.cssSelector("form[aria-label='Create or import a user'] .status"), "Imported " + imported);
        assertThat(Users.login(api, p.id(), imported, "legacy password 1").status()).as("the old password works").isEqualTo(200);

        page.driver.findElement(createForm).findElement(By.name("email")).sendKeys(imported);
        page.type("password", Users.PASSWORD);
        page.button("Create user").click();
        assertThat(page.alert()).contains("already exists");
        page.driver.findElement(createForm).findElement(By.name("email")).clear();
        page.driver.findElement(createForm).findElement(By.name("email")).sendKeys(Fixtures.uniqueEmail("new"));
        page.type("password", "short");
        page.button("Create user").click();
        assertThat(page.fieldError("password")).contains("at least 8");
    }

    @Test
    void settingsSaveCompatOriginsAndQuietModeAndShowTheServersReasons() {
        Fixtures.CreatedProject p = signedInProject();
        page.section("Settings");
        page.type("passwordMinLength", "12");
        page.type("mailFromName", "Support team");
        page.type("allowedOrigins", "https://app.example.com\nhttp://localhost:3000\n");
        page.driver.findElement(By.xpath("//label[starts-with(text(),'Cargo Extra')]")).click();
        page.driver.findElement(By.xpath("//label[starts-with(text(),'Strapi')]")).click();
        new Select(page.field("registrationMode")).selectByValue("quiet");
        page.button("Save settings").click();
        page.waitForText(By.cssSelector("form.settings .status"), "Saved.");

        Resp stored = api.get(adminPath(p, ""), Fixtures.key(p.adminKey()));
        assertThat(stored.json().get("passwordMinLength").asInt()).isEqualTo(12);
        assertThat(stored.field("mailFromName")).isEqualTo("Support team");
        assertThat(stored.json().get("allowedOrigins").toString()).isEqualTo("[\"https://app.example.com\",\"http://localhost:3000\"]");
        assertThat(stored.json().get("compat").toString()).isEqualTo("{\"cargoExtra\":true,\"strapi\":true}");
        assertThat(stored.field("registrationMode")).isEqualTo("quiet");

        page.driver.findElement(By.xpath("//label[starts-with(text(),'Users must verify')]")).click();
        page.type("allowedOrigins", "https://app.example.com/path");
        page.button("Save settings").click();
        assertThat(page.fieldError("allowedOrigins")).isNotBlank();
        page.type("allowedOrigins", "https://app.example.com");
        page.button("Save settings").click();
        assertThat(page.fieldError("requireEmailVerification")).isEqualTo("must stay true while registrationMode is quiet");
        assertThat(page.alert()).contains("The settings were not saved");
        assertThat(api.get(adminPath(p, ""), Fixtures.key(p.adminKey())).json().get("requireEmailVerification").asBoolean())
                .isTrue();
    }

    @Test
    void eventsAreFilteredByTypeAndPagedToOlderOnes() {
        Fixtures.CreatedProject p = Fixtures.project(api, true);
        for (int i = 0; i < 52; i++) {
            api.put(adminPath(p, "/otp-policy"), Map.of("length", 6 + i % 2, "alphabet", "numeric", "ttlSeconds", 600,
                    "maxAttempts", 5, "resendCooldownSeconds", 60, "maxSendsPerHour", 5, "maxFailuresPerDay", 10),
                    Fixtures.key(p.adminKey()));
        }
        page.signInAsAdmin(p.adminKey(), p.id());
        page.section("Events");
        page.waitForText(By.cssSelector(".page-info"), "Showing events 1 to 50; there are older ones.");
        assertThat(page.driver.findElements(EVENT_ROWS)).hasSize(50);
        page.button("Older events").click();
        page.waitForText(By.cssSelector(".page-info"), "Showing events 51 to");
        assertThat(page.text(By.cssSelector("table.events"))).contains("project.created");
        assertThat(page.driver.findElement(By.xpath("//button[text()='Older events']")).isDisplayed()).isFalse();

        new Select(page.field("type")).selectByValue("project.created");
        page.button("Show").click();
        page.waitForText(By.cssSelector(".page-info"), "Showing events 1 to 1; these are the oldest.");
        assertThat(page.driver.findElements(EVENT_ROWS)).hasSize(1);
    }

    @Test
    void theOverviewShowsWhoResetAPasswordAndWhatFailed() {
        Fixtures.CreatedProject p = Fixtures.project(api, true);
        String email = Fixtures.uniqueEmail("reset");
        String userId = api.post(adminPath(p, "/users"), Map.of("email", email, "password", Users.PASSWORD,
                "emailVerified", true), Fixtures.key(p.adminKey())).field("id");
        Users.requestReset(api, p.id(), email);
        String code = Mailbox.latestCode(email, 1);
        Users.confirm(api, p.id(), email, code.equals("000000") ? "111111" : "000000", "a brand new passphrase");
        assertThat(Users.confirm(api, p.id(), email, code, "a brand new passphrase").status()).isEqualTo(200);

        page.signInAsAdmin(p.adminKey(), p.id());
        page.waitForText(By.cssSelector("[aria-labelledby=ov-resets]"), userId);
        assertThat(page.text(By.cssSelector("[aria-labelledby=ov-resets]"))).contains("Password reset completed");
        page.waitForText(By.cssSelector("[aria-labelledby=ov-failures]"), "Reset code failed");
        assertThat(page.text(By.cssSelector("[aria-labelledby=ov-codes]"))).contains("1 in 100,000");
    }

    @Override
    String db() {
        return db;
    }
}
