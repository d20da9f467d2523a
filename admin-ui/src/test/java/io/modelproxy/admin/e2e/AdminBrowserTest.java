package io.modelproxy.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelproxy.admin.api.AdminFixture;
import io.modelproxy.config.ConfigCompiler;
import io.modelproxy.manifest.ManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin UI in Debian's headless Chromium (driven by Selenium, no browser download): log in, create a
 * provider and a model and find them in the manifest files, see an inline validation error, and a
 * screenshot of every page under {@code target/screenshots/}; this admin runs without a gateway, and the pages
 * that need one say so.
 */
class AdminBrowserTest {
    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @RegisterExtension
    static final AdminFixture.DirectoryAdmin server = new AdminFixture.DirectoryAdmin("admin-browser-test");

    @Test
    void logInCreateAProviderAndAModelAndSeeAnInlineValidationError() throws IOException {
        String base = "http://127.0.0.1:" + server.httpPort();
        chromium.browser.get(base + "/setup/");
        WebElement key = chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-key")));
        shot("login");
        key.sendKeys("wrong-key");
        chromium.browser.findElement(By.cssSelector("button[type=submit]")).click();
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "wrong admin key"));
        key.clear();
        key.sendKeys(AdminFixture.ADMIN_KEY);
        chromium.browser.findElement(By.cssSelector("button[type=submit]")).click();
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("health")));
        shot("overview");

        // a provider, through the form
        chromium.browser.findElement(By.linkText("Providers")).click();
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-name=groq]")));
        shot("providers");
        chromium.browser.findElement(By.xpath("//button[normalize-space(.)='New Provider']")).click();
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name"))).sendKeys("local");
        new Select(chromium.browser.findElement(By.id("protocol"))).selectByValue("OpenAIChat");
        chromium.browser.findElement(By.id("baseUrl")).sendKeys("http://127.0.0.1:9/v1");
        chromium.browser.findElement(By.id("keySecret")).sendKeys("openai-keys");
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview"), "baseUrl: http://127.0.0.1:9/v1"));
        shot("provider-editor");
        chromium.browser.findElement(By.xpath("//button[normalize-space(.)='Save']")).click();
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-name=local]")));
        assertThat(Files.readString(server.dir().resolve("providers.yaml"))).contains("  name: local\n")
                .contains("baseUrl: http://127.0.0.1:9/v1")
                .startsWith("# Providers of the test: the comment must survive edits of other documents.");

        // a model: first with a route to a provider that does not exist
        chromium.browser.findElement(By.linkText("Models")).click();
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-name=fast]")));
        shot("models");
        chromium.browser.findElement(By.xpath("//button[normalize-space(.)='New LogicalModel']")).click();
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name"))).sendKeys("local-model");
        chromium.browser.findElement(By.id("add-route")).click();
        chromium.browser.findElement(By.id("route-0-provider")).sendKeys("nope");
        chromium.browser.findElement(By.id("route-0-model")).sendKeys("m1");
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("validation"), "Provider nope not found"));
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("route-0-error"), "Provider nope not found"));
        shot("model-validation-error");
        chromium.browser.findElement(By.xpath("//button[normalize-space(.)='Save']")).click();
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("validation"), "Provider nope not found"));
        assertThat(Files.readString(server.dir().resolve("models.yaml"))).doesNotContain("local-model");

        WebElement provider = chromium.browser.findElement(By.id("route-0-provider"));
        provider.clear();
        provider.sendKeys("local");
        // the form re-renders once the route is valid; type the fallback into the field it renders then
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview"), "provider: local"));
        chromium.browser.findElement(By.id("fallbacks")).sendKeys("fast");
        chromium.browser.findElement(By.id("contextWindow")).click();  // leaving the field commits it
        chromium.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview"), "- fast"));
        chromium.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("validation")));
        shot("model-editor");
        chromium.browser.findElement(By.xpath("//button[normalize-space(.)='Save']")).click();
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-name=local-model]")));
        assertThat(Files.readString(server.dir().resolve("models.yaml"))).startsWith(AdminFixture.MODELS + "---\n")
                .contains("name: local-model").contains("provider: local");
        assertThat(ConfigCompiler.compile(new ManifestReader(Map.of()).read(server.dir()), null).errors()).isEmpty();

        // without a gateway, the pages that need one say so
        Map<String, String> notes = Map.of("Keys", "keys-no-source", "Test bench", "bench-no-gateway",
                "Requests", "requests-no-source");
        for (String page : new String[] {"Gateways", "Keys", "Test bench", "Requests", "Import / Export"}) {
            chromium.open(page);
            if (notes.containsKey(page)) {
                chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(notes.get(page))));
            }
            if (page.equals("Test bench")) {
                assertThat(chromium.browser.findElement(By.id("bench-send")).isEnabled()).isFalse();
            }
            shot(page.toLowerCase().replaceAll("[^a-z]+", "-"));
        }

        chromium.browser.manage().window().setSize(new Dimension(390, 844));
        chromium.browser.findElement(By.linkText("Models")).click();
        chromium.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-name=local-model]")));
        shot("models-phone");
        Object overflow = chromium.browser.executeScript(
                "return document.documentElement.scrollWidth > window.innerWidth + 1");
        assertThat(overflow).as("the page fits a phone's width (tables scroll inside their box)").isEqualTo(false);
        chromium.browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private static void shot(String name) throws IOException {
        chromium.shot(name);
    }
}
