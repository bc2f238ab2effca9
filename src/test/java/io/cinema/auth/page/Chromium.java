package io.cinema.auth.page;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver, both named explicitly: Selenium then never runs
 * Selenium Manager, which would look for (and download) a driver or a browser. A missing browser fails the test with
 * the command that installs it; it is never a skip.
 */
final class Chromium implements AutoCloseable {

    static final String BROWSER = System.getProperty("cinema.test.chromium", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("cinema.test.chromedriver", "/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private Chromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** A fresh browser whose UI language and Accept-Language are {@code lang} ({@code en}, {@code ru}). */
    static Chromium start(String lang) {
        for (String exe : List.of(BROWSER, DRIVER)) {
            if (!new File(exe).canExecute()) {
                fail(exe + " is missing: the hosted pages' browser tests need Debian's Chromium and its driver "
                        + "(apt-get install -y chromium chromium-driver)");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("cinema-chromium-");
            Files.createDirectories(Path.of("target"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // warnings only: at its default level the driver's log records every command, typed passwords and
        // opened mail links included
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().withLogLevel(ChromiumDriverLogLevel.WARNING)
                .withLogFile(new File("target/chromedriver-" + lang + ".log")).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        // no background traffic: this machine's network is closed and the tests must not depend on it
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--no-default-browser-check", "--disable-quic", "--disable-extensions",
                "--disable-features=Translate,OptimizationHints,MediaRouter,PasswordManagerOnboarding",
                "--password-store=basic", "--window-size=820,1200", "--lang=" + lang,
                "--user-data-dir=" + profile.toAbsolutePath());
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", lang,
                "credentials_enable_service", false, "profile.password_manager_enabled", false));
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Chromium(service, driver, profile);
        } catch (WebDriverException e) {
            service.stop();
            throw new AssertionError("Chromium (" + BROWSER + ") did not start through " + DRIVER
                    + "; see target/chromedriver-" + lang + ".log", e);
        }
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    /** The element that has the keyboard focus now. */
    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    boolean visible(String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    /** Waits until the status region says something final (a result or a refusal, not "please wait"). */
    Status status() {
        return until(() -> {
            WebElement s = byId("status");
            String kind = s.getAttribute("class");
            String text = s.getText();
            return text.isBlank() || kind.contains("info") ? null : new Status(kind.contains("ok"), text);
        }, "a result in the status region");
    }

    /** A result ({@code ok}) or a refusal, in the page's words. */
    record Status(boolean ok, String text) {
    }

    <T> T until(Supplier<T> probe, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.get();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
            } catch (WebDriverException e) {
                last = e;
            }
            sleep(50);
        }
        throw new AssertionError("waited " + WAIT + " for " + what + " on " + driver.getCurrentUrl(), last);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteTree(profile);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a profile left in /tmp is harmless
        }
    }
}
