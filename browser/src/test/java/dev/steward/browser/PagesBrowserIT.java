package dev.steward.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.cli.Demo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every web page of the demo in headless Chromium: it loads, its main action works, axe-core finds
 * no serious or critical WCAG 2.2 A/AA violation, and a screenshot is kept in {@code
 * target/failsafe-reports/screenshots/}. The pages share one demo gateway and one browser; the
 * admin tests run in order after signing in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PagesBrowserIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SHOTS = Path.of("target/failsafe-reports/screenshots");

  private Path dir;
  private Demo demo;
  private ChromeDriver driver;
  private Axe axe;
  private final HttpClient http = HttpClient.newHttpClient();
  private String base;
  private String key;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("steward-browser");
    demo = Demo.start(dir.resolve("data"), Map.of());
    base = demo.baseUri().toString();
    assertThat(demo.sent()).as("demo traffic").isPositive();
    axe = Axe.load();
    Files.createDirectories(SHOTS);
    driver = Chromium.start(dir.resolve("profile"));
    // A key of the admin API's making, for the exchanges whose receipts the tests look up.
    HttpResponse<String> created =
        send(
            HttpRequest.newBuilder(URI.create(base + "/v1/steward/admin/keys"))
                .header("Authorization", "Bearer " + demo.adminKey())
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"department\":\"justice\",\"service\":\"probation-notes\","
                            + "\"use_case\":\"summarise-case-notes\",\"label\":\"browser test\"}")));
    assertThat(created.statusCode()).isEqualTo(200);
    key = JSON.readTree(created.body()).path("key").asText();
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  @Order(1)
  void home_linksToEveryPublicPage() {
    open("/");
    assertThat(heading()).isEqualTo("Steward");
    check("home");
    submit(By.linkText("Algorithmic transparency records of each service"));
    assertThat(heading()).isEqualTo("Algorithmic transparency records");
  }

  @Test
  @Order(2)
  void transparency_showsTheSignedCheckpointAndHowToVerify() {
    open("/transparency");
    assertThat(heading()).isEqualTo("Transparency log");
    assertThat(driver.findElement(By.id("checkpoint")).getText()).contains("Root hash");
    assertThat(driver.findElement(By.id("verify")).getText()).contains("steward log verify");
    check("transparency");
  }

  @Test
  @Order(3)
  void receipt_lookUpByRequestIdAndSalt_showsTheEntriesAndTheirProofs() throws Exception {
    HttpResponse<String> chat = chat("sandbox-chat");
    assertThat(chat.statusCode()).isEqualTo(200);
    String id = chat.headers().firstValue("X-Steward-Request-Id").orElseThrow();
    String salt = chat.headers().firstValue("X-Steward-Commitment-Salt").orElseThrow();

    open("/transparency");
    driver.findElement(By.id("f-request-id")).sendKeys(id);
    driver.findElement(By.id("f-salt")).sendKeys("wrong-salt");
    submit(By.cssSelector("#receipt button"));
    assertThat(driver.findElement(By.className("govuk-error-summary")).getText())
        .contains("No receipt matches");
    check("receipt-not-found");

    driver.findElement(By.id("f-salt")).clear();
    driver.findElement(By.id("f-salt")).sendKeys(salt);
    submit(By.cssSelector("main form button"));
    assertThat(heading()).isEqualTo("Receipt for " + id);
    assertThat(driver.findElement(By.tagName("main")).getText())
        .contains("Inclusion proof")
        .doesNotContain("Hello from the browser test");
    check("receipt");

    String json =
        driver.findElement(By.linkText("Download the receipt (JSON)")).getAttribute("href");
    HttpResponse<String> receipt = send(HttpRequest.newBuilder(URI.create(json)).GET());
    assertThat(receipt.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(receipt.body()).path("entries").size()).isGreaterThanOrEqualTo(1);
  }

  @Test
  @Order(4)
  void atrs_listsEveryServiceAndShowsItsRecord() throws Exception {
    open("/atrs");
    List<WebElement> services = driver.findElements(By.cssSelector("main table a"));
    assertThat(services).hasSize(4);
    check("atrs-index");
    submit(By.linkText("Probation notes assistant"));
    assertThat(heading()).isEqualTo("Probation notes assistant");
    String page = driver.findElement(By.tagName("main")).getText();
    assertThat(page)
        .contains("Tier 1")
        .contains("sandbox-chat")
        .contains("What this record does not yet say");
    check("atrs-record");
    String json = driver.findElement(By.linkText("This record as JSON")).getAttribute("href");
    JsonNode record = JSON.readTree(send(HttpRequest.newBuilder(URI.create(json)).GET()).body());
    assertThat(record.path("service").asText()).isEqualTo("justice/probation-notes");
  }

  @Test
  @Order(5)
  void benefits_drawsTheDailyChartFromItsTable() {
    open("/benefits");
    assertThat(heading()).isEqualTo("Benefits");
    assertThat(driver.findElement(By.tagName("main")).getText()).contains("Ministry of Justice");
    waitFor(() -> !driver.findElements(By.cssSelector(".steward-chart .uplot canvas")).isEmpty());
    check("benefits");
  }

  @Test
  @Order(10)
  void admin_signIn_refusesAWrongKeyThenAdmitsTheAdminKey() {
    open("/admin");
    assertThat(heading()).isEqualTo("Sign in to Steward admin");
    driver.findElement(By.id("f-admin-key")).sendKeys("not-the-key");
    submit(By.cssSelector("main form button"));
    assertThat(driver.findElement(By.className("govuk-error-summary")).getText())
        .contains("The admin key is not right");
    check("admin-sign-in-error");
    driver.findElement(By.id("f-admin-key")).sendKeys(demo.adminKey());
    submit(By.cssSelector("main form button"));
    assertThat(heading()).isEqualTo("Overview");
    check("admin-overview");
  }

  @Test
  @Order(11)
  void admin_services_createsAKeyShownOnce_thatWorks_andRevokesIt() throws Exception {
    open("/admin/services");
    new Select(driver.findElement(By.id("f-use-case")))
        .selectByValue("education/lesson-planning/draft-lesson-plan");
    driver.findElement(By.id("f-label")).sendKeys("Browser test key");
    submit(By.cssSelector("#create-key button"));
    String created = driver.findElement(By.cssSelector(".steward-secret")).getText().strip();
    assertThat(created).startsWith("stw_");
    check("admin-services");
    assertThat(models(created)).isEqualTo(200);

    WebElement row = driver.findElement(By.xpath("//tr[td[normalize-space()='Browser test key']]"));
    WebElement page = driver.findElement(By.tagName("html"));
    row.findElement(By.tagName("button")).click();
    awaitNext(page);
    assertThat(driver.findElement(By.className("govuk-notification-banner")).getText())
        .contains("Key revoked");
    waitFor(() -> models(created) == 401);
  }

  @Test
  @Order(12)
  void admin_models_grantWithoutEvidence_saysWhatIsMissing() {
    open("/admin/models");
    assertThat(driver.findElement(By.tagName("main")).getText()).contains("sovereign-chat");
    new Select(driver.findElement(By.id("f-use-case")))
        .selectByValue("security/incident-triage/triage-incident-reports");
    new Select(driver.findElement(By.id("f-model"))).selectByValue("sovereign-chat");
    driver.findElement(By.id("f-note")).sendKeys("CAB-7: browser test");
    submit(By.cssSelector("#grant button"));
    assertThat(driver.findElement(By.className("govuk-error-summary")).getText())
        .contains("refusal-core");
    check("admin-models");
  }

  @Test
  @Order(13)
  void admin_evaluations_policyAndSpend_load() {
    open("/admin/evaluations");
    assertThat(heading()).isEqualTo("Evaluations");
    check("admin-evaluations");
    open("/admin/policy");
    assertThat(driver.findElement(By.tagName("main")).getText())
        .contains(demo.config().policyVersion());
    check("admin-policy");
    open("/admin/spend");
    waitFor(() -> !driver.findElements(By.cssSelector(".steward-chart .uplot canvas")).isEmpty());
    assertThat(driver.findElement(By.tagName("main")).getText()).contains("This month by service");
    check("admin-spend");
  }

  @Test
  @Order(14)
  void admin_killSwitch_stopsTheModelEverywhere_andLiftsIt() throws Exception {
    open("/admin/kill-switches");
    new Select(driver.findElement(By.id("f-scope"))).selectByValue("model");
    driver.findElement(By.id("f-target")).sendKeys("sandbox-chat");
    driver.findElement(By.id("f-note")).sendKeys("INC-42: browser test");
    submit(By.cssSelector("#engage button"));
    assertThat(driver.findElement(By.className("govuk-notification-banner")).getText())
        .contains("Kill switch engaged");
    check("admin-kill-switches");
    waitFor(() -> chat("sandbox-chat").statusCode() != 200);

    new Select(driver.findElement(By.id("f-switch"))).selectByIndex(1);
    driver.findElement(By.id("f-lift-note")).sendKeys("INC-42 resolved");
    submit(By.cssSelector("#lift button"));
    assertThat(driver.findElement(By.className("govuk-notification-banner")).getText())
        .contains("Kill switch lifted");
    waitFor(() -> chat("sandbox-chat").statusCode() == 200);
  }

  @Test
  @Order(15)
  void admin_postWithoutTheCsrfToken_isRefused() throws Exception {
    String cookie =
        driver.manage().getCookieNamed("steward-admin") == null
            ? ""
            : "steward-admin=" + driver.manage().getCookieNamed("steward-admin").getValue();
    assertThat(cookie).isNotEmpty();
    HttpResponse<String> forged =
        send(
            HttpRequest.newBuilder(URI.create(base + "/admin/kill-switches"))
                .header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString("scope=model&target=sandbox-chat&note=x")));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(chat("sandbox-chat").statusCode()).isEqualTo(200);
  }

  // ----------------------------------------------------------------------------------------

  private void open(String path) {
    driver.get(base + path);
  }

  /** Clicks what {@code by} finds and waits until the next page has replaced this one. */
  private void submit(By by) {
    WebElement page = driver.findElement(By.tagName("html"));
    driver.findElement(by).click();
    awaitNext(page);
  }

  /**
   * Waits until {@code page} (the old document's root) is gone and the next document has loaded.
   * While the browser navigates, ChromeDriver may answer an old element with a stale-element error
   * or with "node does not belong to the document": both mean it is gone.
   */
  private void awaitNext(WebElement page) {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
    wait.until(d -> gone(page));
    wait.until(d -> "complete".equals(driver.executeScript("return document.readyState")));
  }

  private static boolean gone(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (WebDriverException stale) {
      return true;
    }
  }

  private String heading() {
    return driver.findElement(By.tagName("h1")).getText();
  }

  /** Keeps a screenshot and requires axe to find no serious or critical violation. */
  private void check(String name) {
    try {
      Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(axe.run(driver).stream().filter(Axe.Violation::seriousOrWorse).toList())
        .as("serious or critical axe violations on %s", name)
        .isEmpty();
  }

  private static void waitFor(BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not met within 10 s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
    }
  }

  private HttpResponse<String> chat(String model) {
    return send(
        HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\""
                        + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello from the"
                        + " browser test\"}]}")));
  }

  private int models(String apiKey) {
    return send(HttpRequest.newBuilder(URI.create(base + "/v1/models"))
            .header("Authorization", "Bearer " + apiKey)
            .GET())
        .statusCode();
  }

  private HttpResponse<String> send(HttpRequest.Builder req) {
    try {
      return http.send(
          req.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
