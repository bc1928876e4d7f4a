package dev.streampatterns.testkit;

import java.io.File;
import java.nio.file.Path;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through WebDriver, for tests and benchmarks of a web page: Debian's
 * {@code chromium} and {@code chromium-driver}, given by path, so Selenium downloads nothing. Needs
 * {@code org.seleniumhq.selenium:selenium-chrome-driver} on the class path (an optional dependency of
 * the testkit).
 */
public final class HeadlessChromium {
    private HeadlessChromium() {
    }

    /**
     * Starts Chromium headless with a profile of its own in {@code profile}. The flags keep it from
     * reaching out to the network (updates, sync, background requests): a page test needs none of it,
     * and on a closed network each attempt is an error in its log.
     */
    public static WebDriver start(String chromium, String chromedriver, Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1100,700", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
