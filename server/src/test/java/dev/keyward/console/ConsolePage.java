package dev.keyward.console;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The console as a user sees it: fields by their labels' names, sections by their link text. */
final class ConsolePage {
    final ChromeDriver driver;
    final String base;
    private final WebDriverWait wait;

    ConsolePage(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
        // Generous: the suite shares two cores with the database and the servers under test.
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /** A fresh page load with nothing in sessionStorage, at desktop width. */
    ConsolePage open() {
        driver.get(base + "/console");
        driver.executeScript("sessionStorage.clear()");
        desktop();
        driver.navigate().refresh();
        waitForHeading("Sign in to the Keyward console");
        return this;
    }

    void signIn(String secret, String projectId) {
        type("secret", secret);
        type("projectId", projectId == null ? "" : projectId);
        button("Sign in").click();
    }

    void signInAsAdmin(String adminKey, String projectId) {
        signIn(adminKey, projectId);
        waitForHeading("Overview");
    }

    void section(String linkText) {
        clickSection(linkText);
        waitForHeading(linkText);
    }

    void clickSection(String linkText) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("nav.sections")))
                .findElement(By.linkText(linkText)).click();
    }

    WebElement field(String name) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("main [name='" + name + "']")));
    }

    void type(String name, String value) {
        WebElement f = field(name);
        wait.until(ExpectedConditions.elementToBeClickable(f));
        f.clear();
        f.sendKeys(value);
    }

    /** The server's reason shown next to a field, once there is one. */
    String fieldError(String name) {
        By error = By.cssSelector("main [data-field='" + name + "'] .field-error");
        wait.until(d -> !d.findElement(error).getText().isBlank());
        return driver.findElement(error).getText();
    }

    WebElement button(String text) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//button[normalize-space()='" + text + "']")));
    }

    /** The text of the first visible role=alert, once it appears. */
    String alert() {
        By alerts = By.cssSelector("[role=alert]");
        wait.until(d -> d.findElements(alerts).stream().anyMatch(e -> e.isDisplayed() && !e.getText().isBlank()));
        return driver.findElements(alerts).stream().filter(WebElement::isDisplayed).map(WebElement::getText)
                .filter(t -> !t.isBlank()).findFirst().orElseThrow();
    }

    void waitForHeading(String text) {
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), text));
    }

    void waitForText(By where, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(where, text));
    }

    void waitUntilGone(By what) {
        wait.until(ExpectedConditions.numberOfElementsToBe(what, 0));
    }

    String text(By where) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(where)).getText();
    }

    long storedItems() {
        return (Long) driver.executeScript("return sessionStorage.length");
    }

    String stored() {
        return (String) driver.executeScript("return JSON.stringify(Object.assign({}, sessionStorage))");
    }

    /** Every resource and navigation this page load made, as absolute URLs. */
    @SuppressWarnings("unchecked")
    List<String> requestedUrls() {
        return (List<String>) driver.executeScript(
                "return performance.getEntries().filter(e => e.entryType === 'resource' || e.entryType === 'navigation')"
                        + ".map(e => e.name)");
    }

    /** Console messages since the last call: CSP violations and uncaught errors are reported here. */
    List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
    }

    void desktop() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }

    /** The README's picture: a laptop-sized viewport from the top of the page. */
    void readmeViewport() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1200, "height", 900,
                "deviceScaleFactor", 1, "mobile", false));
        driver.executeScript("window.scrollTo(0, 0)");
    }

    /** A phone's viewport: 375 CSS pixels wide. */
    void phone() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 375, "height", 812,
                "deviceScaleFactor", 2, "mobile", true));
    }

    /** Whether the page is wider than the window (text cut off or a sideways scroll). */
    /**
     * Screenshots of a section scrolled to {@code focus}, at desktop width and at 375 px (under
     * target/, to look at, never committed), checking it does not scroll sideways on a phone.
     */
    void screens(String db, String name, By focus) {
        Path dir = Path.of("target", "console-screens", db);
        script("arguments[0].scrollIntoView()", driver.findElement(focus));
        screenshot(dir.resolve("desktop-" + name + ".png"));
        phone();
        script("arguments[0].scrollIntoView()", driver.findElement(focus));
        org.assertj.core.api.Assertions.assertThat(overflowsSideways()).as(name + " at 375 px").isFalse();
        screenshot(dir.resolve("phone-" + name + ".png"));
        desktop();
    }

    boolean overflowsSideways() {
        return (Boolean) driver.executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Presses Tab until the focused element is the wanted one, as a keyboard user would. */
    WebElement tabTo(String description, java.util.function.Predicate<WebElement> wanted) {
        for (int i = 0; i < 60; i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            WebElement active = driver.switchTo().activeElement();
            if (wanted.test(active)) {
                return active;
            }
        }
        throw new AssertionError("Tab never reached " + description);
    }

    void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }
}
