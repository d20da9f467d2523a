package io.modelproxy.admin.e2e;

import io.modelproxy.admin.api.AdminFixture;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver (nothing is downloaded), for the admin's browser
 * tests: one per test class ({@code @RegisterExtension static final Chromium chromium = new Chromium();}),
 * started before its tests and closed after them. Screenshots go to {@code target/screenshots/}.
 */
final class Chromium implements BeforeAllCallback, AfterAllCallback {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    ChromeDriver browser;
    WebDriverWait wait;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    /** Opens the admin at {@code base} and logs in with the fixture's admin key. */
    void logIn(String base) {
        browser.get(base + "/setup/");
        WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-key")));
        key.sendKeys(AdminFixture.ADMIN_KEY);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("health")));
    }

    /** Goes to a page by its link in the navigation and waits for its heading. */
    void open(String page) {
        browser.findElement(By.linkText(page)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), page));
    }

    void waitForText(By element, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(element, text));
    }

    /** What a same-origin GET of {@code path} answers in the page, with the page's session cookie. */
    String fetch(String path) {
        return (String) browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done, e => done('failed: ' + e));",
                path);
    }

    void shot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.quit();
        }
    }
}
