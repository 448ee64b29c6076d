package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.steward.store.LedgerRow;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A self-hosted route's ledger row costs its share of the pool's time at the pool's GPU-hour rate
 * (the fixture's pool: £3600 per GPU-hour, 2 GPUs, so £2 per pool-second), streams included.
 */
class PoolCostIT {
  @TempDir static Path dir;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = new GatewayFixture(dir);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static LedgerRow ledgerRow(HttpResponse<String> r) throws InterruptedException {
    String id = r.headers().firstValue("X-Steward-Request-Id").orElseThrow();
    return GatewayFixture.eventually(() -> gw.storage.ledger().find(id));
  }

  private static void assertGpuCost(LedgerRow row) {
    assertThat(row.poolMicros()).as("the pool time is recorded").isNotNull().isNotNegative();
    long pool = java.util.Objects.requireNonNull(row.poolMicros());
    assertThat(pool)
        .as("a share never exceeds the exchange's own time")
        .isLessThanOrEqualTo(row.latencyMicros());
    // £3600 × 2 GPUs × pool seconds / 3600 = £2 per pool-second (the cost is priced from the
    // nanoseconds, the column keeps microseconds).
    BigDecimal expected = BigDecimal.valueOf(pool * 2, 6);
    assertThat(row.costGbp().subtract(expected).doubleValue()).isCloseTo(0, within(2e-6));
  }

  @Test
  void streamedAnswer_onAPool_costsItsPoolTimeAtTheGpuRate() throws Exception {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"pooled\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"a longer answer please\"}]}",
            "Authorization",
            "Bearer " + gw.key,
            "Content-Type",
            "application/json",
            "X-Steward-Sandbox-Latency-Ms",
            "5");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    LedgerRow row = ledgerRow(r);
    assertThat(row.routeId()).isEqualTo("pool/sim-pooled");
    assertThat(row.stream()).isTrue();
    assertThat(row.poolMicros()).as("several 5 ms chunks").isGreaterThanOrEqualTo(5_000L);
    assertGpuCost(row);
  }

  @Test
  void completeAnswer_onAPool_costsItsPoolTimeAtTheGpuRate() throws Exception {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"pooled\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}",
            gw.auth());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertGpuCost(ledgerRow(r));
  }

  @Test
  void routeWithoutAPool_hasNoPoolTime() throws Exception {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"sandbox-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            gw.auth());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    LedgerRow row = ledgerRow(r);
    assertThat(row.poolMicros()).isNull();
    assertThat(row.costGbp()).isEqualByComparingTo("0");
  }
}
