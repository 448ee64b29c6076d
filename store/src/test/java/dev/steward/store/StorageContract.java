package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} must have. Each implementation's test extends this and says
 * how to open a fresh, empty store and how to open the same store again.
 */
abstract class StorageContract {
  static final Instant T0 = Instant.parse("2025-11-26T09:00:00.123456789Z");
  static final Principal JUSTICE_NOTES = Principal.of("justice", "sentencing-notes", "summarise");
  static final Principal JUSTICE_TRIAGE = Principal.of("justice", "triage", "classify-letter");
  static final Principal HEALTH_LETTERS = Principal.of("health", "letters", "draft-reply");
  static final int THREADS = 8;

  Storage storage;

  /** A new, empty store. */
  abstract Storage openFresh();

  /** The store last opened by {@link #openFresh}, opened again (the previous handle is closed). */
  abstract Storage reopen();

  @BeforeEach
  void openStorage() {
    storage = openFresh();
  }

  @AfterEach
  void closeStorage() {
    if (storage != null) { // null when opening was skipped or failed
      storage.close();
    }
  }

  // ---- keys ----

  @Test
  void insert_thenFindByHashAndById_returnsEqualRecord() {
    NewApiKey key = ApiKeys.create(JUSTICE_NOTES, "batch jobs", "alice", T0);

    storage.keys().insert(key.record());

    assertThat(storage.keys().findByHash(ApiKeys.hash(key.plaintext()))).contains(key.record());
    assertThat(storage.keys().find(key.record().id())).contains(key.record());
    assertThat(key.record().createdAt()).isEqualTo(Instant.parse("2025-11-26T09:00:00.123456Z"));
  }

  @Test
  void insert_withoutCreatedBy_readsBackNull() {
    NewApiKey key = ApiKeys.create(JUSTICE_NOTES, "", null, T0);

    storage.keys().insert(key.record());

    assertThat(storage.keys().find(key.record().id()).orElseThrow().createdBy()).isNull();
  }

  @Test
  void findByHash_unknownKey_isEmpty() {
    storage.keys().insert(ApiKeys.create(JUSTICE_NOTES, "a", null, T0).record());

    NewApiKey other = ApiKeys.create(JUSTICE_NOTES, "b", null, T0);

    assertThat(storage.keys().findByHash(other.record().hash())).isEmpty();
    assertThat(storage.keys().find("key_unknown")).isEmpty();
  }

  @Test
  void insert_duplicateId_failsAndLeavesVersion() {
    ApiKeyRecord first = ApiKeys.create(JUSTICE_NOTES, "a", null, T0).record();
    storage.keys().insert(first);
    long version = storage.keys().version();
    ApiKeyRecord sameId =
        withId(ApiKeys.create(HEALTH_LETTERS, "b", null, T0).record(), first.id());

    assertThatThrownBy(() -> storage.keys().insert(sameId))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(first.id())
        .hasMessageContaining("already stored");
    assertThat(storage.keys().version()).isEqualTo(version);
    assertThat(storage.keys().find(first.id())).contains(first);
  }

  @Test
  void insert_duplicateHash_fails() {
    ApiKeyRecord first = ApiKeys.create(JUSTICE_NOTES, "a", null, T0).record();
    storage.keys().insert(first);
    ApiKeyRecord sameHash = withId(first, ApiKeys.newId());

    assertThatThrownBy(() -> storage.keys().insert(sameHash)).isInstanceOf(StorageException.class);
    assertThat(storage.keys().list()).containsExactly(first);
  }

  @Test
  void list_returnsEveryKeyOldestFirst_andFiltersByDepartmentAndService() {
    ApiKeyRecord notes = ApiKeys.create(JUSTICE_NOTES, "n", null, T0.plusSeconds(2)).record();
    ApiKeyRecord health = ApiKeys.create(HEALTH_LETTERS, "h", null, T0).record();
    ApiKeyRecord triage = ApiKeys.create(JUSTICE_TRIAGE, "t", null, T0.plusSeconds(1)).record();
    for (ApiKeyRecord key : List.of(notes, health, triage)) {
      storage.keys().insert(key);
    }
    storage.keys().revoke(triage.id(), T0.plusSeconds(5));

    assertThat(storage.keys().list())
        .containsExactly(health, triage.withRevokedAt(T0.plusSeconds(5)), notes);
    assertThat(storage.keys().list("justice", null))
        .containsExactly(triage.withRevokedAt(T0.plusSeconds(5)), notes);
    assertThat(storage.keys().list("justice", "sentencing-notes")).containsExactly(notes);
    assertThat(storage.keys().list("education", null)).isEmpty();
  }

  @Test
  void revoke_activeKey_setsRevokedAtAndLookupStillFindsIt() {
    NewApiKey key = ApiKeys.create(JUSTICE_NOTES, "a", null, T0);
    storage.keys().insert(key.record());
    Instant at = T0.plus(Duration.ofDays(3)).plusNanos(200);

    assertThat(storage.keys().revoke(key.record().id(), at)).isTrue();

    ApiKeyRecord found = storage.keys().findByHash(ApiKeys.hash(key.plaintext())).orElseThrow();
    assertThat(found.revoked()).isTrue();
    assertThat(found.revokedAt()).isEqualTo(Instant.parse("2025-11-29T09:00:00.123456Z"));
  }

  @Test
  void revoke_alreadyRevoked_returnsFalseAndKeepsFirstRevocation() {
    ApiKeyRecord key = ApiKeys.create(JUSTICE_NOTES, "a", null, T0).record();
    storage.keys().insert(key);
    storage.keys().revoke(key.id(), T0.plusSeconds(10));
    long version = storage.keys().version();

    assertThat(storage.keys().revoke(key.id(), T0.plusSeconds(20))).isFalse();

    assertThat(storage.keys().find(key.id()).orElseThrow().revokedAt())
        .isEqualTo(T0.plusSeconds(10).truncatedTo(ChronoUnit.MICROS));
    assertThat(storage.keys().version()).isEqualTo(version);
  }

  @Test
  void revoke_unknownId_returnsFalse() {
    long version = storage.keys().version();

    assertThat(storage.keys().revoke("key_nosuchkey000", T0)).isFalse();
    assertThat(storage.keys().version()).isEqualTo(version);
  }

  @Test
  void version_increasesOnEveryInsertAndRevoke() {
    long v0 = storage.keys().version();
    ApiKeyRecord key = ApiKeys.create(JUSTICE_NOTES, "a", null, T0).record();

    storage.keys().insert(key);
    long v1 = storage.keys().version();
    storage.keys().revoke(key.id(), T0);
    long v2 = storage.keys().version();

    assertThat(v1).isGreaterThan(v0);
    assertThat(v2).isGreaterThan(v1);
    assertThat(storage.keys().version()).as("reading does not change it").isEqualTo(v2);
  }

  @Test
  void version_concurrentInserts_countsEveryOne() throws Exception {
    long before = storage.keys().version();
    int perThread = 5;

    List<ApiKeyRecord> inserted =
        concurrently(
            thread -> {
              List<ApiKeyRecord> mine = new ArrayList<>();
              for (int i = 0; i < perThread; i++) {
                ApiKeyRecord key =
                    ApiKeys.create(JUSTICE_NOTES, "t" + thread + "-" + i, null, T0).record();
                storage.keys().insert(key);
                mine.add(key);
              }
              return mine;
            });

    assertThat(storage.keys().version()).isEqualTo(before + (long) THREADS * perThread);
    assertThat(storage.keys().list()).containsExactlyInAnyOrderElementsOf(inserted);
  }

  @Test
  void reopen_keepsKeysRevocationsAndVersion() {
    ApiKeyRecord active = ApiKeys.create(JUSTICE_NOTES, "a", "alice", T0).record();
    ApiKeyRecord revoked = ApiKeys.create(HEALTH_LETTERS, "b", null, T0).record();
    storage.keys().insert(active);
    storage.keys().insert(revoked);
    storage.keys().revoke(revoked.id(), T0.plusSeconds(1));
    long version = storage.keys().version();
    LedgerRow row = row("req-1", T0, JUSTICE_NOTES, "0.25");
    storage.ledger().append(List.of(row));

    storage.close();
    storage = reopen();

    assertThat(storage.keys().find(active.id())).contains(active);
    assertThat(storage.keys().find(revoked.id()).orElseThrow().revoked()).isTrue();
    assertThat(storage.keys().revoke(revoked.id(), T0.plusSeconds(2))).isFalse();
    assertThat(storage.keys().version()).isEqualTo(version);
    assertThat(storage.ledger().find("req-1")).contains(row);
  }

  // ---- ledger ----

  @Test
  void append_thenFind_returnsEqualRows_withAndWithoutOptionalFields() {
    LedgerRow full =
        new LedgerRow(
            "req-full",
            T0,
            JUSTICE_NOTES,
            "anthropic",
            "chat",
            "claude-sonnet",
            "anthropic-primary",
            "claude-sonnet-4-5-20250929",
            LedgerRow.OK,
            200,
            1200,
            340,
            1000,
            new BigDecimal("0.0123456789"),
            812_345,
            120_000L,
            true,
            2);
    LedgerRow bare =
        new LedgerRow(
            "req-bare",
            T0.plusSeconds(1),
            HEALTH_LETTERS,
            "openai",
            "embeddings",
            "embed-small",
            null,
            null,
            "policy.denied",
            403,
            0,
            0,
            0,
            BigDecimal.ZERO,
            950,
            null,
            false,
            0);

    storage.ledger().append(List.of(full, bare));

    assertThat(storage.ledger().find("req-full")).contains(full);
    assertThat(storage.ledger().find("req-bare")).contains(bare);
    assertThat(storage.ledger().find("req-none")).isEmpty();
  }

  @Test
  void append_emptyList_storesNothing() {
    storage.ledger().append(List.of());

    assertThat(storage.ledger().recent(10)).isEmpty();
  }

  @Test
  void append_duplicateRequestId_rejectsWholeBatch() {
    storage.ledger().append(List.of(row("req-1", T0, JUSTICE_NOTES, "1")));

    List<LedgerRow> batch =
        List.of(
            row("req-2", T0, JUSTICE_NOTES, "1"),
            row("req-1", T0, JUSTICE_NOTES, "1"),
            row("req-3", T0, JUSTICE_NOTES, "1"));

    assertThatThrownBy(() -> storage.ledger().append(batch))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("already stored");
    assertThat(storage.ledger().find("req-2")).isEmpty();
    assertThat(storage.ledger().find("req-3")).isEmpty();
    assertThat(storage.ledger().recent(10)).hasSize(1);
  }

  @Test
  void recent_returnsNewestFirst_tiesInAppendOrder_upToLimit() {
    storage.ledger().append(List.of(row("old", T0, JUSTICE_NOTES, "0")));
    storage
        .ledger()
        .append(
            List.of(
                row("new", T0.plusSeconds(60), JUSTICE_NOTES, "0"),
                row("tie-a", T0.plusSeconds(30), JUSTICE_NOTES, "0"),
                row("tie-b", T0.plusSeconds(30), JUSTICE_NOTES, "0")));

    assertThat(storage.ledger().recent(10))
        .extracting(LedgerRow::requestId)
        .containsExactly("new", "tie-b", "tie-a", "old");
    assertThat(storage.ledger().recent(2))
        .extracting(LedgerRow::requestId)
        .containsExactly("new", "tie-b");
  }

  @Test
  void recent_limitOutOfRange_rejects() {
    assertThatThrownBy(() -> storage.ledger().recent(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit: 0 (expected: 1..10000)");
  }

  @Test
  void totals_sumHalfOpenRange_allOrOneDepartment() {
    storage
        .ledger()
        .append(
            List.of(
                row("before", T0.minusNanos(1000), JUSTICE_NOTES, "100"),
                row("first", T0, JUSTICE_NOTES, "0.10"),
                row("second", T0.plusSeconds(59), JUSTICE_TRIAGE, "0.0000000001"),
                row("health", T0.plusSeconds(30), HEALTH_LETTERS, "2.5"),
                row("at-end", T0.plusSeconds(60), JUSTICE_NOTES, "100")));
    Instant from = T0;
    Instant to = T0.plusSeconds(60);

    assertThat(storage.ledger().totals(from, to, null))
        .isEqualTo(new LedgerTotals(3, 300, 30, 3, new BigDecimal("2.6000000001")));
    assertThat(storage.ledger().totals(from, to, "justice"))
        .isEqualTo(new LedgerTotals(2, 200, 20, 2, new BigDecimal("0.1000000001")));
    assertThat(storage.ledger().totals(from, to, "education")).isEqualTo(LedgerTotals.ZERO);
    assertThat(storage.ledger().totals(to, to, null)).isEqualTo(LedgerTotals.ZERO);
  }

  @Test
  void totals_fromAfterTo_rejects() {
    assertThatThrownBy(() -> storage.ledger().totals(T0.plusSeconds(1), T0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("from: ");
  }

  @Test
  void append_concurrentlyFromEightThreads_losesNothing() throws Exception {
    int batches = 25;
    int batchSize = 4;

    List<LedgerRow> appended =
        concurrently(
            thread -> {
              List<LedgerRow> mine = new ArrayList<>();
              for (int b = 0; b < batches; b++) {
                List<LedgerRow> batch = new ArrayList<>();
                for (int i = 0; i < batchSize; i++) {
                  String id = "req-" + thread + "-" + b + "-" + i;
                  batch.add(row(id, T0.plusMillis(b * 10L + i), JUSTICE_NOTES, "0.001"));
                }
                storage.ledger().append(batch);
                mine.addAll(batch);
              }
              return mine;
            });

    int expected = THREADS * batches * batchSize;
    assertThat(appended).hasSize(expected);
    LedgerTotals totals = storage.ledger().totals(T0, T0.plusSeconds(3600), null);
    assertThat(totals.requests()).isEqualTo(expected);
    assertThat(totals.costGbp()).isEqualByComparingTo(new BigDecimal("0.8"));
    Set<String> stored =
        storage.ledger().recent(LedgerStorage.MAX_RECENT).stream()
            .map(LedgerRow::requestId)
            .collect(Collectors.toSet());
    assertThat(stored)
        .isEqualTo(appended.stream().map(LedgerRow::requestId).collect(Collectors.toSet()));
  }

  // ---- helpers ----

  /** A successful chat exchange: 100 tokens in, 10 out, 1 cached. */
  static LedgerRow row(String requestId, Instant at, Principal principal, String costGbp) {
    return new LedgerRow(
        requestId,
        at,
        principal,
        "openai",
        "chat",
        "gpt-small",
        "openai-main",
        "gpt-4o-mini",
        LedgerRow.OK,
        200,
        100,
        10,
        1,
        new BigDecimal(costGbp),
        25_000,
        null,
        false,
        1);
  }

  static ApiKeyRecord withId(ApiKeyRecord key, String id) {
    return new ApiKeyRecord(
        id,
        key.prefix(),
        key.hash(),
        key.principal(),
        key.label(),
        key.createdAt(),
        key.revokedAt(),
        key.createdBy());
  }

  @FunctionalInterface
  interface PerThread<T> {
    List<T> run(int thread) throws Exception;
  }

  /** Runs {@code work} on {@value #THREADS} threads released together; returns all results. */
  static <T> List<T> concurrently(PerThread<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<T>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Callable<List<T>> task =
            () -> {
              start.await();
              return work.run(thread);
            };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<List<T>> future : futures) {
        results.addAll(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
