package dev.keyward.support;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.time.Duration;

/**
 * Headless Chromium from Debian's packages, driven by Selenium through Debian's chromedriver
 * (never a downloaded one). Without them the browser tests are skipped locally and fail under CI=true.
 */
public final class Browser {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private Browser() {
    }

    public static ChromeDriver start() {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true needs /usr/bin/chromium and /usr/bin/chromedriver "
                        + "(apt-get install chromium chromium-driver; .ci/run does this)");
            }
            Assumptions.abort("chromium or chromedriver not installed (apt-get install chromium chromium-driver)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // The closed network refuses Chromium's background connections: switch them off.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900");
        // The page's console (CSP violations, uncaught errors) readable through driver.manage().logs().
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }
}
