package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.store.ApprovalStorage.ApprovalRow;
import dev.steward.store.AuditOutbox.OutboxEntry;
import dev.steward.store.EvalStorage.EvalRunRow;
import dev.steward.store.EvalStorage.Status;
import dev.steward.store.EvalStorage.StoredSample;
import dev.steward.store.KillSwitchStorage.AlreadyEngaged;
import dev.steward.store.KillSwitchStorage.KillSwitch;
import dev.steward.store.OutcomeStorage.Kind;
import dev.steward.store.OutcomeStorage.Outcome;
import dev.steward.store.PolicyVersionStorage.PolicyVersion;
import dev.steward.store.ReviewStorage.ReviewRecord;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
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

  /**
   * A second handle on the store last opened by {@link #openFresh}, while the first stays open:
   * what another gateway node sharing the database has. The caller closes it.
   */
  abstract Storage openAnotherNode();

  /**
   * A second, new database of the same kind, with only the first {@code version} migrations
   * applied: a database an older Steward left.
   */
  abstract DataSource openAtVersion(int version);

  /** The database made by {@link #openAtVersion}, opened as a store (which migrates it). */
  abstract Storage openUpgraded();

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
    LedgerRow row = row("req-1", T0, JUSTICE_NOTES, "0.25").withAudit(AUDIT);
    storage.ledger().append(List.of(row));
    long queued = storage.outbox().enqueue(bytes(3, 7));

    storage.close();
    storage = reopen();

    assertThat(storage.keys().find(active.id())).contains(active);
    assertThat(storage.keys().find(revoked.id()).orElseThrow().revoked()).isTrue();
    assertThat(storage.keys().revoke(revoked.id(), T0.plusSeconds(2))).isFalse();
    assertThat(storage.keys().version()).isEqualTo(version);
    assertThat(storage.ledger().find("req-1")).contains(row);
    assertThat(storage.outbox().pending(10))
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.id()).isEqualTo(queued);
              assertThat(entry.entry()).isEqualTo(bytes(3, 7));
            });
    assertThat(storage.outbox().enqueue(bytes(1, 1))).isGreaterThan(queued);
  }

  @Test
  void insert_withAuditEntry_queuesItWithTheKey() {
    ApiKeyRecord key = ApiKeys.create(JUSTICE_NOTES, "a", "alice", T0).record();
    long version = storage.keys().version();
    byte[] entry = bytes(40, 1);

    storage.keys().insert(key, entry);
    entry[0] = 99; // the store copied it

    assertThat(storage.keys().find(key.id())).contains(key);
    assertThat(storage.keys().version()).isEqualTo(version + 1);
    assertThat(storage.outbox().pending(10))
        .extracting(OutboxEntry::entry)
        .containsExactly(bytes(40, 1));
  }

  @Test
  void insert_duplicateWithAuditEntry_queuesNothing() {
    ApiKeyRecord first = ApiKeys.create(JUSTICE_NOTES, "a", null, T0).record();
    storage.keys().insert(first);
    ApiKeyRecord sameId =
        withId(ApiKeys.create(HEALTH_LETTERS, "b", null, T0).record(), first.id());

    assertThatThrownBy(() -> storage.keys().insert(sameId, bytes(10, 1)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("already stored");
    assertThatThrownBy(() -> storage.keys().insert(withId(first, ApiKeys.newId()), bytes(10, 2)))
        .as("same hash")
        .isInstanceOf(StorageException.class);

    assertThat(storage.outbox().pending(10)).isEmpty();
    assertThat(storage.keys().list()).containsExactly(first);
  }

  @Test
  void revoke_withAuditEntry_queuesItOnlyWhenTheKeyIsRevoked() {
    ApiKeyRecord key = ApiKeys.create(JUSTICE_NOTES, "a", null, T0).record();
    storage.keys().insert(key);

    assertThat(storage.keys().revoke("key_nosuchkey000", T0, bytes(5, 1))).isFalse();
    assertThat(storage.outbox().pending(10)).as("unknown key").isEmpty();

    long version = storage.keys().version();
    assertThat(storage.keys().revoke(key.id(), T0.plusSeconds(1), bytes(5, 2))).isTrue();
    assertThat(storage.keys().version()).isEqualTo(version + 1);

    assertThat(storage.keys().revoke(key.id(), T0.plusSeconds(2), bytes(5, 3))).isFalse();
    assertThat(storage.outbox().pending(10))
        .as("only the revocation that happened")
        .extracting(OutboxEntry::entry)
        .containsExactly(bytes(5, 2));
  }

  @Test
  void insertAndRevoke_auditEntryOutOfBounds_rejectBeforeStoringAnything() {
    ApiKeyRecord key = ApiKeys.create(JUSTICE_NOTES, "a", null, T0).record();
    long version = storage.keys().version();

    assertThatThrownBy(() -> storage.keys().insert(key, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry: 0 bytes (expected: 1..65535)");
    assertThatThrownBy(() -> storage.keys().insert(key, new byte[65_536]))
        .hasMessage("entry: 65536 bytes (expected: 1..65535)");
    assertThat(storage.keys().find(key.id())).isEmpty();
    assertThat(storage.keys().version()).isEqualTo(version);

    storage.keys().insert(key);
    assertThatThrownBy(() -> storage.keys().revoke(key.id(), T0, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(storage.keys().find(key.id()).orElseThrow().revoked()).isFalse();
    assertThat(storage.outbox().pending(10)).isEmpty();
  }

  @Test
  void insertAndRevoke_auditEntryCannotBeQueued_changeRollsBack() {
    // A version-2 database has no outbox table: queuing fails after the key's own statements ran.
    DataSource v2 = openAtVersion(2);
    JdbcKeyStorage keys = new JdbcKeyStorage(v2, () -> T0);
    ApiKeyRecord active = ApiKeys.create(JUSTICE_NOTES, "a", null, T0).record();
    keys.insert(active);
    long version = keys.version();
    ApiKeyRecord other = ApiKeys.create(HEALTH_LETTERS, "b", null, T0).record();

    assertThatThrownBy(() -> keys.insert(other, bytes(8, 1)))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("storage: insert of key " + other.id() + " failed");
    assertThatThrownBy(() -> keys.revoke(active.id(), T0.plusSeconds(1), bytes(8, 2)))
        .isInstanceOf(StorageException.class);

    assertThat(keys.find(other.id())).isEmpty();
    assertThat(keys.find(active.id())).contains(active);
    assertThat(keys.version()).isEqualTo(version);
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
            2,
            null,
            "k_full0123",
            8_123_456L,
            "mask:EMAIL_ADDRESS=2,redact:UK_NINO=1,strip:INJECTION=1,output.mask:PHONE_NUMBER=1");
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
            0,
            null,
            null);

    storage.ledger().append(List.of(full, bare));

    assertThat(storage.ledger().find("req-full")).contains(full);
    assertThat(storage.ledger().find("req-bare")).contains(bare);
    assertThat(storage.ledger().find("req-none")).isEmpty();
  }

  @Test
  void append_poolTimeAndRedactions_readBackInRecentAndForEach() {
    LedgerRow gpu =
        row("req-gpu", T0, JUSTICE_NOTES, "0.0125")
            .withPoolAndRedactions(2_500_000L, "pseudonymise:PERSON=3,block:INJECTION=1");
    LedgerRow plain = row("req-plain", T0.plusSeconds(1), JUSTICE_NOTES, "0");

    storage.ledger().append(List.of(gpu, plain));

    assertThat(storage.ledger().recent(10)).containsExactly(plain, gpu);
    List<LedgerRow> seen = new ArrayList<>();
    storage.ledger().forEach(T0, T0.plusSeconds(2), seen::add);
    assertThat(seen).containsExactly(gpu, plain);
    assertThat(seen.get(0).poolMicros()).isEqualTo(2_500_000L);
    assertThat(seen.get(0).redactions()).isEqualTo("pseudonymise:PERSON=3,block:INJECTION=1");
    assertThat(seen.get(1).poolMicros()).isNull();
    assertThat(seen.get(1).redactions()).isEmpty();
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
  void forEach_halfOpenRange_oldestFirstTiesInAppendOrder() {
    LedgerRow first = row("first", T0, JUSTICE_NOTES, "0.10");
    LedgerRow tieA = row("tie-a", T0.plusSeconds(30), HEALTH_LETTERS, "2.5");
    LedgerRow tieB = row("tie-b", T0.plusSeconds(30), JUSTICE_TRIAGE, "0.0000000001");
    storage
        .ledger()
        .append(
            List.of(
                row("at-end", T0.plusSeconds(60), JUSTICE_NOTES, "100"),
                tieA,
                row("before", T0.minusNanos(1000), JUSTICE_NOTES, "100")));
    storage.ledger().append(List.of(tieB, first));
    List<LedgerRow> seen = new ArrayList<>();

    storage.ledger().forEach(T0, T0.plusSeconds(60), seen::add);

    assertThat(seen).containsExactly(first, tieA, tieB);
  }

  @Test
  void forEach_emptyRangeOrNoRows_callsNothing() {
    List<LedgerRow> seen = new ArrayList<>();
    storage.ledger().forEach(T0, T0.plusSeconds(60), seen::add);
    storage.ledger().append(List.of(row("one", T0, JUSTICE_NOTES, "1")));
    storage.ledger().forEach(T0, T0, seen::add);

    assertThat(seen).isEmpty();
  }

  @Test
  void forEach_moreRowsThanOneFetch_deliversEveryRowInOrder() {
    int count = JdbcLedgerStorage.FETCH_SIZE * 2 + 7;
    List<LedgerRow> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(row("req-" + i, T0.plusMillis(i), JUSTICE_NOTES, "0.01"));
    }
    storage.ledger().append(rows);
    List<String> seen = new ArrayList<>();

    storage.ledger().forEach(T0, T0.plusSeconds(3600), r -> seen.add(r.requestId()));

    assertThat(seen).isEqualTo(rows.stream().map(LedgerRow::requestId).toList());
  }

  @Test
  void forEach_consumerThrows_stopsAndPropagates() {
    storage
        .ledger()
        .append(
            List.of(
                row("a", T0, JUSTICE_NOTES, "0"), row("b", T0.plusSeconds(1), JUSTICE_NOTES, "0")));
    List<String> seen = new ArrayList<>();

    assertThatThrownBy(
            () ->
                storage
                    .ledger()
                    .forEach(
                        T0,
                        T0.plusSeconds(60),
                        r -> {
                          seen.add(r.requestId());
                          throw new IllegalStateException("stop at " + r.requestId());
                        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("stop at a");
    assertThat(seen).containsExactly("a");
    assertThat(storage.ledger().recent(10)).hasSize(2);
  }

  @Test
  void forEach_fromAfterTo_rejects() {
    assertThatThrownBy(() -> storage.ledger().forEach(T0.plusSeconds(1), T0, r -> {}))
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

  @Test
  void append_withAudit_roundTripsThroughFindAndRecent() {
    LedgerRow completed =
        row("req-done", T0, JUSTICE_NOTES, "0.5").withAudit(new LedgerRow.Audit(7, 9L, SALT));
    LedgerRow refused =
        row("req-refused", T0.plusSeconds(1), JUSTICE_NOTES, "0")
            .withAudit(new LedgerRow.Audit(0, null, SALT_2));
    LedgerRow unlogged = row("req-plain", T0.plusSeconds(2), HEALTH_LETTERS, "0");

    storage.ledger().append(List.of(completed, refused, unlogged));

    assertThat(storage.ledger().find("req-done")).contains(completed);
    assertThat(storage.ledger().find("req-refused")).contains(refused);
    assertThat(storage.ledger().find("req-plain")).contains(unlogged);
    assertThat(storage.ledger().find("req-plain").orElseThrow().audit()).isNull();
    assertThat(storage.ledger().recent(10)).containsExactly(unlogged, refused, completed);
  }

  @Test
  void ledger_auditColumnsPartlySet_databaseRejects() {
    DataSource v3 = openAtVersion(3);
    String insert =
        "INSERT INTO steward_ledger (request_id, occurred_at, department, service, use_case, api,"
            + " endpoint, model_alias, outcome, http_status, input_tokens, output_tokens,"
            + " cached_input_tokens, cost_gbp, latency_micros, is_stream, attempts,"
            + " audit_request_index, audit_completion_index, audit_salt) VALUES (?,"
            + " TIMESTAMP WITH TIME ZONE '2025-11-26 09:00:00+00', 'd', 's', 'u', 'openai', 'chat',"
            + " 'm', 'ok', 200, 0, 0, 0, 0, 0, FALSE, 1, %s)";
    List<String> bad = List.of("NULL, NULL, '" + SALT + "'", "1, NULL, NULL", "NULL, 2, NULL");

    for (String audit : bad) {
      assertThatThrownBy(() -> insertLedgerRow(v3, insert.formatted(audit)))
          .as(audit)
          .isInstanceOf(StorageException.class)
          .hasMessageMatching(
              ".* failed \\(SQLState 2351[34]\\)"); // check violation: H2, PostgreSQL
    }
    insertLedgerRow(v3, insert.formatted("1, NULL, '" + SALT + "'"));
    insertLedgerRow(v3, insert.formatted("NULL, NULL, NULL"));
  }

  // ---- audit outbox ----

  @Test
  void outbox_pending_returnsOldestFirstUpToLimit_withBytesAndQueueTime() {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
    long a = storage.outbox().enqueue(bytes(1, 1));
    long b = storage.outbox().enqueue(bytes(300, 2));
    long c = storage.outbox().enqueue(bytes(2, 3));
    Instant after = Instant.now();

    assertThat(List.of(a, b, c)).isSorted().doesNotHaveDuplicates();
    List<OutboxEntry> pending = storage.outbox().pending(10);
    assertThat(pending).extracting(OutboxEntry::id).containsExactly(a, b, c);
    assertThat(pending)
        .extracting(OutboxEntry::entry)
        .containsExactly(bytes(1, 1), bytes(300, 2), bytes(2, 3));
    assertThat(pending)
        .extracting(OutboxEntry::queuedAt)
        .allSatisfy(at -> assertThat(at).isBetween(before, after));
    assertThat(storage.outbox().pending(2)).isEqualTo(pending.subList(0, 2));
    assertThat(storage.outbox().pending(10)).as("reading removes nothing").isEqualTo(pending);
  }

  @Test
  void outbox_remove_deletesThoseIdsOnly_ignoringMissingOnes() {
    long a = storage.outbox().enqueue(bytes(1, 1));
    long b = storage.outbox().enqueue(bytes(1, 2));
    long c = storage.outbox().enqueue(bytes(1, 3));

    storage.outbox().remove(List.of(c, a, c + 1000));

    assertThat(storage.outbox().pending(10)).extracting(OutboxEntry::id).containsExactly(b);
    storage.outbox().remove(List.of());
    storage.outbox().remove(List.of(a));
    assertThat(storage.outbox().pending(10)).extracting(OutboxEntry::id).containsExactly(b);
    storage.outbox().remove(List.of(b));
    assertThat(storage.outbox().pending(10)).isEmpty();
    assertThat(storage.outbox().enqueue(bytes(1, 4))).as("ids are not reused").isGreaterThan(c);
  }

  @Test
  void outbox_enqueue_entrySizeBounds() {
    storage.outbox().enqueue(bytes(1, 1));
    storage.outbox().enqueue(bytes(AuditOutbox.MAX_ENTRY_BYTES, 2));

    assertThatThrownBy(() -> storage.outbox().enqueue(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry: 0 bytes (expected: 1..65535)");
    assertThatThrownBy(() -> storage.outbox().enqueue(new byte[AuditOutbox.MAX_ENTRY_BYTES + 1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry: 65536 bytes (expected: 1..65535)");
    assertThat(storage.outbox().pending(10))
        .extracting(OutboxEntry::entry)
        .containsExactly(bytes(1, 1), bytes(AuditOutbox.MAX_ENTRY_BYTES, 2));
  }

  @Test
  void outbox_pending_limitOutOfRange_rejects() {
    assertThatThrownBy(() -> storage.outbox().pending(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit: 0 (expected: 1..10000)");
    assertThatThrownBy(() -> storage.outbox().pending(AuditOutbox.MAX_PENDING + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void outbox_concurrentEnqueues_getDistinctIds_andAllArePending() throws Exception {
    List<Long> ids =
        concurrently(
            thread -> {
              List<Long> mine = new ArrayList<>();
              for (int i = 0; i < 5; i++) {
                mine.add(storage.outbox().enqueue(bytes(4, thread * 10 + i)));
              }
              return mine;
            });

    assertThat(ids).doesNotHaveDuplicates().hasSize(THREADS * 5);
    assertThat(storage.outbox().pending(100))
        .extracting(OutboxEntry::id)
        .containsExactlyElementsOf(ids.stream().sorted().toList());
  }

  // ---- kill switches ----

  static KillSwitch engaged(String id, String scope, String target, Instant at) {
    return KillSwitch.engaged(id, scope, target, "INC-" + id + ": stopped", "key_admin01", at);
  }

  @Test
  void killSwitch_engage_isActiveAndRecent_queuesItsEntry_andBumpsTheVersion() {
    KillSwitchStorage switches = storage.killSwitches();
    long version = switches.version();
    KillSwitch model = engaged("ks-1", "model", "gpt-4o", T0);
    KillSwitch provider = engaged("ks-2", "provider", "gpt-4o", T0.plusSeconds(1));

    switches.engage(model, bytes(20, 1));
    switches.engage(provider, bytes(20, 2));

    assertThat(switches.find("ks-1")).contains(model);
    assertThat(switches.active()).as("same target, other scope").containsExactly(model, provider);
    assertThat(switches.recent(10)).containsExactly(provider, model);
    assertThat(switches.version()).isEqualTo(version + 2);
    assertThat(storage.outbox().pending(10))
        .extracting(OutboxEntry::entry)
        .containsExactly(bytes(20, 1), bytes(20, 2));
    assertThat(model.engagedAt()).isEqualTo(Instant.parse("2025-11-26T09:00:00.123456Z"));
  }

  @Test
  void killSwitch_engageAnEngagedTarget_throwsAlreadyEngagedWithTheSwitch_andStoresNothing() {
    KillSwitchStorage switches = storage.killSwitches();
    KillSwitch first = engaged("ks-1", "use-case", "justice/triage/classify-letter", T0);
    switches.engage(first, bytes(20, 1));
    long version = switches.version();

    assertThatThrownBy(
            () ->
                switches.engage(
                    engaged("ks-2", "use-case", "justice/triage/classify-letter", T0), bytes(9, 9)))
        .isInstanceOfSatisfying(
            AlreadyEngaged.class, e -> assertThat(e.existing()).isEqualTo(first))
        .hasMessage(
            "kill switch: use-case justice/triage/classify-letter is already engaged by switch"
                + " ks-1 (since 2025-11-26T09:00:00.123456Z)");

    assertThat(switches.version()).isEqualTo(version);
    assertThat(switches.recent(10)).containsExactly(first);
    assertThat(storage.outbox().pending(10)).hasSize(1);
  }

  @Test
  void killSwitch_engageATakenId_failsAlreadyStored_evenOnceLifted() {
    KillSwitchStorage switches = storage.killSwitches();
    switches.engage(engaged("ks-1", "model", "gpt-4o", T0), null);
    switches.lift("ks-1", "cli", "fixed", T0.plusSeconds(60), null);
    long version = switches.version();

    assertThatThrownBy(() -> switches.engage(engaged("ks-1", "model", "other", T0), bytes(9, 9)))
        .isInstanceOf(StorageException.class)
        .hasMessage("storage: engagement of kill switch ks-1 already stored (SQLState 23505)");

    assertThat(switches.version()).isEqualTo(version);
    assertThat(switches.active()).isEmpty();
    assertThat(storage.outbox().pending(10)).isEmpty();
  }

  @Test
  void killSwitch_lift_recordsWhoWhenAndWhy_queuesItsEntry_andFreesTheTarget() {
    KillSwitchStorage switches = storage.killSwitches();
    KillSwitch engaged = engaged("ks-1", "model", "gpt-4o", T0);
    switches.engage(engaged, null);
    long version = switches.version();
    Instant at = T0.plusSeconds(90).plusNanos(200);

    Optional<KillSwitch> lifted =
        switches.lift("ks-1", "key_admin02", "Provider fixed it — INC-1 closed", at, bytes(7, 3));

    KillSwitch expected =
        engaged.withLift(
            Instant.parse("2025-11-26T09:01:30.123456Z"),
            "key_admin02",
            "Provider fixed it — INC-1 closed");
    assertThat(lifted).contains(expected);
    assertThat(switches.find("ks-1")).contains(expected);
    assertThat(switches.find("ks-none")).isEmpty();
    assertThat(expected.lifted()).isTrue();
    assertThat(switches.active()).isEmpty();
    assertThat(switches.recent(10)).containsExactly(expected);
    assertThat(switches.version()).isEqualTo(version + 1);
    assertThat(storage.outbox().pending(10))
        .extracting(OutboxEntry::entry)
        .containsExactly(bytes(7, 3));

    KillSwitch again = engaged("ks-2", "model", "gpt-4o", T0.plusSeconds(120));
    switches.engage(again, null);
    assertThat(switches.active()).containsExactly(again);
  }

  @Test
  void killSwitch_liftUnknownOrLifted_isEmpty_queuesNothing_andLeavesTheVersion() {
    KillSwitchStorage switches = storage.killSwitches();
    switches.engage(engaged("ks-1", "model", "gpt-4o", T0), null);
    KillSwitch lifted = switches.lift("ks-1", "cli", "done", T0.plusSeconds(1), null).orElseThrow();
    long version = switches.version();

    assertThat(switches.lift("ks-nope", "cli", "done", T0, bytes(5, 1))).isEmpty();
    assertThat(switches.lift("ks-1", "cli", "again", T0.plusSeconds(2), bytes(5, 2))).isEmpty();

    assertThat(switches.recent(1)).containsExactly(lifted);
    assertThat(switches.version()).isEqualTo(version);
    assertThat(storage.outbox().pending(10)).isEmpty();
  }

  @Test
  void killSwitch_recent_newestEngagementFirst_upToLimit_andRejectsAnOutOfRangeLimit() {
    KillSwitchStorage switches = storage.killSwitches();
    switches.engage(engaged("old", "model", "a", T0), null);
    switches.engage(engaged("new", "model", "b", T0.plusSeconds(60)), null);
    switches.engage(engaged("tie-a", "model", "c", T0.plusSeconds(30)), null);
    switches.engage(engaged("tie-b", "model", "d", T0.plusSeconds(30)), null);
    switches.lift("new", "cli", "done", T0.plusSeconds(61), null);

    assertThat(switches.recent(10))
        .extracting(KillSwitch::id)
        .containsExactly("new", "tie-b", "tie-a", "old");
    assertThat(switches.recent(2)).extracting(KillSwitch::id).containsExactly("new", "tie-b");
    assertThat(switches.active())
        .extracting(KillSwitch::id)
        .containsExactly("old", "tie-a", "tie-b");
    assertThatThrownBy(() -> switches.recent(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit: 0 (expected: 1..1000)");
    assertThatThrownBy(() -> switches.engage(switches.recent(1).get(0), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("engaged: switch new is lifted (expected: an engaged switch)");
  }

  @Test
  void killSwitch_sameTargetEngagedFromTwoNodesAtOnce_oneSucceeds_theOtherSeesIt()
      throws Exception {
    try (Storage other = openAnotherNode()) {
      List<KillSwitchStorage> nodes = List.of(storage.killSwitches(), other.killSwitches());
      for (int round = 0; round < 5; round++) {
        String target = "model-" + round;
        int r = round;
        List<String> outcomes =
            concurrently(
                2,
                node -> {
                  try {
                    nodes.get(node).engage(engaged(r + "-" + node, "model", target, T0), null);
                    return List.of("engaged " + r + "-" + node);
                  } catch (AlreadyEngaged e) {
                    return List.of("saw " + e.existing().id());
                  }
                });
        assertThat(outcomes).as("round " + round).hasSize(2);
        String winner =
            outcomes.stream().filter(o -> o.startsWith("engaged ")).findFirst().orElseThrow();
        assertThat(outcomes)
            .as("round " + round)
            .containsExactlyInAnyOrder(winner, "saw " + winner.substring("engaged ".length()));
      }
      assertThat(other.killSwitches().active()).hasSize(5);
    }
  }

  @Test
  void killSwitchVersion_polledFromAnotherNode_movesWithEveryChangeOnly() {
    try (Storage other = openAnotherNode()) {
      KillSwitchStorage here = storage.killSwitches();
      KillSwitchStorage there = other.killSwitches();
      long v0 = there.version();
      assertThat(here.version()).isEqualTo(v0);

      here.engage(engaged("ks-1", "provider", "openai", T0), null);
      long v1 = there.version();
      assertThat(v1).isGreaterThan(v0);
      assertThat(there.active()).extracting(KillSwitch::id).containsExactly("ks-1");
      assertThat(there.version()).as("reading changes nothing").isEqualTo(v1);

      assertThatThrownBy(() -> here.engage(engaged("ks-2", "provider", "openai", T0), null))
          .isInstanceOf(AlreadyEngaged.class);
      assertThat(here.lift("ks-nope", "cli", "n", T0, null)).isEmpty();
      assertThat(there.version()).as("failed and empty changes").isEqualTo(v1);

      here.lift("ks-1", "cli", "n", T0.plusSeconds(1), null);
      long v2 = there.version();
      assertThat(v2).isGreaterThan(v1);
      assertThat(there.active()).isEmpty();
    }
  }

  @Test
  void killSwitchVersion_aPollerThatSeesAVersion_readsTheSwitchesOfThatVersion() throws Exception {
    int cycles = 15;
    try (Storage other = openAnotherNode()) {
      KillSwitchStorage writer = storage.killSwitches();
      KillSwitchStorage poller = other.killSwitches();
      long v0 = poller.version();
      AtomicInteger consistentReads = new AtomicInteger();
      List<String> seen =
          concurrently(
              2,
              thread -> {
                if (thread == 0) {
                  for (int i = 0; i < cycles; i++) {
                    writer.engage(engaged("ks-" + i, "model", "m-" + i, T0), null);
                    writer.lift("ks-" + i, "cli", "n", T0.plusSeconds(1), null);
                  }
                  return List.of();
                }
                // Engagement i is version v0 + 2i + 1 (ks-i engaged); its lifting v0 + 2i + 2.
                List<String> problems = new ArrayList<>();
                long last = v0;
                while (last < v0 + 2L * cycles) {
                  long before = poller.version();
                  List<String> active = poller.active().stream().map(KillSwitch::id).toList();
                  long after = poller.version();
                  if (before < last) {
                    problems.add("version went back from " + last + " to " + before);
                  }
                  last = after;
                  if (before == after) {
                    consistentReads.incrementAndGet();
                    long step = before - v0;
                    List<String> expected = step % 2 == 1 ? List.of("ks-" + (step / 2)) : List.of();
                    if (!active.equals(expected)) {
                      problems.add(
                          "at version " + before + ": " + active + ", expected " + expected);
                    }
                  }
                }
                return problems;
              });

      assertThat(seen).isEmpty();
      assertThat(consistentReads.get()).isPositive();
      assertThat(poller.version()).isEqualTo(v0 + 2L * cycles);
    }
  }

  // ---- reviews ----

  @Test
  void reviews_record_keepsEveryReviewOfARequest_oldestFirst_andQueuesEachEntry() {
    ReviewStorage reviews = storage.reviews();
    ReviewRecord amended =
        new ReviewRecord("req-1", "rev_0042", "amended", "fixed a date", "key_abc", T0);
    ReviewRecord approved =
        new ReviewRecord("req-1", "rev_0007", "approved", null, "key_abc", T0.plusSeconds(60));
    ReviewRecord sameTime =
        new ReviewRecord("req-1", "rev_0009", "rejected", null, "key_def", T0.plusSeconds(60));
    ReviewRecord other = new ReviewRecord("req-2", "rev_0042", "rejected", null, "key_abc", T0);

    reviews.record(approved, bytes(6, 1));
    reviews.record(amended, bytes(6, 2));
    reviews.record(sameTime, bytes(6, 3));
    reviews.record(other, null);

    assertThat(reviews.forRequest("req-1")).containsExactly(amended, approved, sameTime);
    assertThat(reviews.forRequest("req-2")).containsExactly(other);
    assertThat(reviews.forRequest("req-none")).isEmpty();
    assertThat(storage.outbox().pending(10))
        .extracting(OutboxEntry::entry)
        .containsExactly(bytes(6, 1), bytes(6, 2), bytes(6, 3));
  }

  @Test
  void reviews_record_auditEntryOutOfBounds_storesNothing() {
    ReviewRecord review = new ReviewRecord("req-1", "rev_1", "approved", null, "key_abc", T0);

    assertThatThrownBy(() -> storage.reviews().record(review, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry: 0 bytes (expected: 1..65535)");

    assertThat(storage.reviews().forRequest("req-1")).isEmpty();
  }

  // ---- outcomes ----

  static Outcome outcome(
      String requestId, Kind kind, @Nullable Double minutes, @Nullable String note, Instant at) {
    return new Outcome(
        requestId, "justice", "courts", "summarise", kind, minutes, note, at, "key_abc");
  }

  @Test
  void outcomes_recordThenFind_roundTripsWithAndWithoutOptionalFields() {
    OutcomeStorage outcomes = storage.outcomes();
    Outcome full = outcome("req-1", Kind.EDITED, 12.5, "fixed a date — ünïcode", T0);
    Outcome bare = outcome("req-2", Kind.REJECTED, null, null, T0.plusSeconds(1));
    Outcome zero = outcome("req-3", Kind.ACCEPTED, 0.0, null, T0.plusSeconds(2));
    Outcome max = outcome("req-4", Kind.ACCEPTED, 1440.0, "x".repeat(1000), T0.plusSeconds(3));

    List.of(full, bare, zero, max).forEach(outcomes::record);

    assertThat(outcomes.find("req-1")).contains(full);
    assertThat(outcomes.find("req-2")).contains(bare);
    assertThat(outcomes.find("req-3")).contains(zero);
    assertThat(outcomes.find("req-4")).contains(max);
    assertThat(outcomes.find("req-none")).isEmpty();
    assertThat(storage.outbox().pending(10)).as("outcomes are not logged").isEmpty();
  }

  @Test
  void outcomes_recordAgain_replacesTheEarlierReport() {
    OutcomeStorage outcomes = storage.outcomes();
    outcomes.record(outcome("req-1", Kind.ACCEPTED, 30.0, "first", T0));
    Outcome later =
        new Outcome(
            "req-1",
            "justice",
            "courts",
            "summarise",
            Kind.REJECTED,
            null,
            null,
            T0.plusSeconds(60),
            "key_def");

    outcomes.record(later);

    assertThat(outcomes.find("req-1")).contains(later);
    assertThat(outcomes.since(T0, T0.plusSeconds(3600))).containsExactly(later);
  }

  @Test
  void outcomes_since_halfOpenRange_oldestFirst_tiesByRequestId() {
    OutcomeStorage outcomes = storage.outcomes();
    Outcome before = outcome("req-0", Kind.ACCEPTED, null, null, T0.minusNanos(1000));
    Outcome first = outcome("req-b", Kind.ACCEPTED, 1.0, null, T0);
    Outcome tie = outcome("req-a", Kind.EDITED, 2.0, null, T0);
    Outcome last = outcome("req-c", Kind.REJECTED, null, null, T0.plusSeconds(59));
    Outcome atEnd = outcome("req-d", Kind.ACCEPTED, null, null, T0.plusSeconds(60));
    List.of(atEnd, last, first, before, tie).forEach(outcomes::record);

    assertThat(outcomes.since(T0, T0.plusSeconds(60))).containsExactly(tie, first, last);
    assertThat(outcomes.since(T0, T0)).isEmpty();
    assertThatThrownBy(() -> outcomes.since(T0.plusSeconds(1), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("from: ");
  }

  @Test
  void outcomes_concurrentReportsOfOneRequest_keepOneRow_fromOneOfThem() throws Exception {
    List<Outcome> sent =
        concurrently(
            thread -> {
              List<Outcome> mine = new ArrayList<>();
              for (int i = 0; i < 5; i++) {
                Outcome o =
                    outcome(
                        "req-1", Kind.EDITED, (double) (thread * 10 + i), null, T0.plusSeconds(i));
                storage.outcomes().record(o);
                mine.add(o);
              }
              return mine;
            });

    assertThat(storage.outcomes().since(T0, T0.plusSeconds(60)))
        .singleElement()
        .isIn(sent)
        .isEqualTo(storage.outcomes().find("req-1").orElseThrow());
  }

  @Test
  void outcomes_databaseRejectsAnUnknownKindOrMinutesOutOfRange() {
    DataSource database = openAtVersion(7);
    for (String values :
        List.of(
            "'req-1', 'justice', 'courts', 'summarise', 'shrugged', NULL",
            "'req-2', 'justice', 'courts', 'summarise', 'accepted', 1441",
            "'req-3', 'justice', 'courts', 'summarise', 'accepted', -1")) {
      assertThatThrownBy(
              () ->
                  Jdbc.update(
                      database,
                      "test statement",
                      connection -> {
                        try (PreparedStatement insert =
                            connection.prepareStatement(
                                "INSERT INTO steward_outcome (request_id, department, service,"
                                    + " use_case, outcome, minutes_saved, recorded_at, key_id)"
                                    + " VALUES ("
                                    + values
                                    + ", CURRENT_TIMESTAMP, 'key_abc')")) {
                          insert.executeUpdate();
                        }
                      }))
          .as(values)
          .isInstanceOf(StorageException.class);
    }
    assertThat(
            new JdbcOutcomeStorage(database).since(T0.minusSeconds(86_400), T0.plusSeconds(86_400)))
        .isEmpty();
  }

  @Test
  void upgradeFromVersion6_addsAnEmptyOutcomeTable() {
    DataSource v6 = openAtVersion(6);
    JdbcReviewStorage reviewsV6 = new JdbcReviewStorage(v6, () -> T0);
    ReviewRecord review = new ReviewRecord("req-1", "rev_1", "approved", null, "key_abc", T0);
    reviewsV6.record(review, null);
    storage.close();

    storage = openUpgraded();

    assertThat(storage.reviews().forRequest("req-1")).containsExactly(review);
    assertThat(storage.outcomes().find("req-1")).isEmpty();
    Outcome o = outcome("req-1", Kind.ACCEPTED, 5.0, null, T0);
    storage.outcomes().record(o);
    assertThat(storage.outcomes().find("req-1")).contains(o);
  }

  // ---- policy versions ----

  static PolicyVersion policy(String version, int hashSeed, Instant at) {
    return new PolicyVersion(version, bytes(32, hashSeed), at, "serve");
  }

  /** An audit entry naming the policy replaced: its hash's first byte, or 0 for none. */
  static byte[] policyEntry(int round, @Nullable PolicyVersion previous) {
    return new byte[] {(byte) round, previous == null ? 0 : previous.hash()[0]};
  }

  @Test
  void policy_adoptFirstThenChanged_buildsEachEntryFromThePolicyReplaced() {
    PolicyVersionStorage policies = storage.policyVersions();
    assertThat(policies.current()).isEmpty();
    PolicyVersion first = policy("2026-11-27.1", 1, T0);
    PolicyVersion second = policy("2026-11-28.1", 2, T0.plusSeconds(3600));
    List<@Nullable PolicyVersion> replaced = new ArrayList<>();

    assertThat(policies.adopt(first, previous -> record(replaced, previous, 1))).isTrue();
    assertThat(policies.current()).contains(first);
    assertThat(policies.adopt(second, previous -> record(replaced, previous, 2))).isTrue();

    assertThat(policies.current()).contains(second);
    assertThat(replaced).containsExactly(null, first);
    assertThat(storage.outbox().pending(10))
        .extracting(OutboxEntry::entry)
        .containsExactly(policyEntry(1, null), policyEntry(2, first));
  }

  private static byte[] record(
      List<@Nullable PolicyVersion> replaced, @Nullable PolicyVersion previous, int round) {
    replaced.add(previous);
    return policyEntry(round, previous);
  }

  @Test
  void policy_adoptThePolicyInForce_returnsFalse_buildsAndQueuesNothing() {
    PolicyVersionStorage policies = storage.policyVersions();
    PolicyVersion first = policy("v1", 1, T0);
    policies.adopt(first, previous -> policyEntry(1, previous));
    AtomicInteger built = new AtomicInteger();

    boolean adopted =
        policies.adopt(
            policy("v1-renamed", 1, T0.plusSeconds(60)),
            previous -> {
              built.incrementAndGet();
              return policyEntry(2, previous);
            });

    assertThat(adopted).isFalse();
    assertThat(built).hasValue(0);
    assertThat(policies.current()).contains(first);
    assertThat(storage.outbox().pending(10)).hasSize(1);
  }

  @Test
  void policy_returningToAnEarlierPolicy_isAnAdoption() {
    PolicyVersionStorage policies = storage.policyVersions();
    policies.adopt(policy("a", 1, T0), previous -> null);
    policies.adopt(policy("b", 2, T0.plusSeconds(1)), previous -> null);

    assertThat(
            policies.adopt(policy("a", 1, T0.plusSeconds(2)), previous -> policyEntry(3, previous)))
        .isTrue();

    assertThat(policies.current()).contains(policy("a", 1, T0.plusSeconds(2)));
    assertThat(storage.outbox().pending(10))
        .extracting(OutboxEntry::entry)
        .containsExactly(policyEntry(3, policy("b", 2, T0)));
  }

  @Test
  void policy_entryBuilderFails_adoptsNothing() {
    PolicyVersionStorage policies = storage.policyVersions();

    assertThatThrownBy(
            () ->
                policies.adopt(
                    policy("v1", 1, T0),
                    previous -> {
                      throw new IllegalStateException("no signer");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no signer");
    assertThatThrownBy(() -> policies.adopt(policy("v1", 1, T0), previous -> new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry: 0 bytes (expected: 1..65535)");

    assertThat(policies.current()).isEmpty();
    assertThat(storage.outbox().pending(10)).isEmpty();
  }

  @Test
  void policy_twoNodesStartingWithTheSameNewPolicy_adoptItOnce() throws Exception {
    int rounds = 6;
    try (Storage other = openAnotherNode()) {
      List<PolicyVersionStorage> nodes = List.of(storage.policyVersions(), other.policyVersions());
      for (int round = 1; round <= rounds; round++) {
        PolicyVersion next = policy("v" + round, round, T0.plusSeconds(round));
        int r = round;
        List<Boolean> adopted =
            concurrently(
                2,
                node -> List.of(nodes.get(node).adopt(next, previous -> policyEntry(r, previous))));
        assertThat(adopted).as("round " + round).containsExactlyInAnyOrder(true, false);
      }
      assertThat(other.policyVersions().current())
          .contains(policy("v" + rounds, rounds, T0.plusSeconds(rounds)));
    }
    List<byte[]> queued = storage.outbox().pending(100).stream().map(OutboxEntry::entry).toList();
    assertThat(queued).hasSize(rounds);
    for (int round = 1; round <= rounds; round++) {
      @Nullable PolicyVersion previous = round == 1 ? null : policy("v", round - 1, T0);
      assertThat(queued.get(round - 1))
          .as("round " + round)
          .isEqualTo(policyEntry(round, previous));
    }
  }

  // ---- conversation levels ----

  @Test
  void conversation_raise_keepsTheHighestLevelSeen() {
    ConversationLabelStorage conversations = storage.conversations();

    assertThat(conversations.raise("justice/triage/c-1", 1, T0)).isEqualTo(1);
    assertThat(conversations.raise("justice/triage/c-1", 3, T0.plusSeconds(1))).isEqualTo(3);
    assertThat(conversations.raise("justice/triage/c-1", 0, T0.plusSeconds(2))).isEqualTo(3);
    assertThat(conversations.raise("justice/triage/c-2", 0, T0)).as("keys are separate").isZero();
    assertThat(conversations.raise("x".repeat(300), 2, T0)).isEqualTo(2);
  }

  @Test
  void conversation_raise_rejectsANegativeLevelOrABadKey() {
    assertThatThrownBy(() -> storage.conversations().raise("c", -1, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("level: -1 (expected: >= 0)");
    assertThatThrownBy(() -> storage.conversations().raise("x".repeat(301), 1, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("conversation: ");
    assertThatThrownBy(() -> storage.conversations().raise(" ", 1, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void conversation_purgeBefore_forgetsOnlyThoseNotRaisedSince() {
    ConversationLabelStorage conversations = storage.conversations();
    conversations.raise("stale", 2, T0);
    conversations.raise("kept-by-a-lower-raise", 2, T0);
    conversations.raise("kept-by-a-lower-raise", 0, T0.plusSeconds(100));
    conversations.raise("at-cutoff", 1, T0.plusSeconds(50));
    conversations.raise("late-but-out-of-order", 1, T0.plusSeconds(80));
    conversations.raise("late-but-out-of-order", 1, T0.plusSeconds(10)); // keeps the later time

    assertThat(conversations.purgeBefore(T0.plusSeconds(50))).isEqualTo(1);

    assertThat(conversations.raise("stale", 0, T0.plusSeconds(200))).as("forgotten").isZero();
    assertThat(conversations.raise("kept-by-a-lower-raise", 0, T0.plusSeconds(200))).isEqualTo(2);
    assertThat(conversations.raise("at-cutoff", 0, T0.plusSeconds(200))).isEqualTo(1);
    assertThat(conversations.raise("late-but-out-of-order", 0, T0.plusSeconds(200))).isEqualTo(1);
    assertThat(conversations.purgeBefore(T0)).isZero();
  }

  @Test
  void conversation_raiseFromManyThreads_endsAtTheHighestLevel() throws Exception {
    List<String> keys = List.of("c-a", "c-b", "c-c", "c-d");

    List<String> problems =
        concurrently(
            thread -> {
              List<String> mine = new ArrayList<>();
              List<String> order = new ArrayList<>(keys);
              Collections.shuffle(order);
              for (String key : order) {
                int got = storage.conversations().raise(key, thread, T0);
                if (got < thread) {
                  mine.add(key + ": raised to " + thread + ", got " + got);
                }
              }
              return mine;
            });

    assertThat(problems).isEmpty();
    for (String key : keys) {
      assertThat(storage.conversations().raise(key, 0, T0)).as(key).isEqualTo(THREADS - 1);
    }
  }

  // ---- eval runs ----

  static EvalRunRow started(String id, String suite, String modelVersion, Instant at) {
    return EvalRunRow.started(
        id,
        suite,
        "1.2.0",
        "gpt-small",
        "openai",
        "gpt-4o-mini",
        modelVersion,
        "steward",
        at,
        10,
        "key_admin01");
  }

  static byte[] json(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Stores a run of {@code suite} against {@code modelVersion} and finishes it as {@code status}.
   */
  EvalRunRow finishedRun(
      String id, String suite, String modelVersion, Instant at, Status status, Instant finish) {
    EvalStorage evals = storage.evals();
    evals.insertRun(started(id, suite, modelVersion, at));
    evals.finishRun(id, status, 10, 1, finish, json("{\"accuracy\":0.9}"), null);
    return evals.run(id).orElseThrow();
  }

  @Test
  void eval_insertRun_thenRunAndRuns_returnEqualRows_newestStartFirst() {
    EvalStorage evals = storage.evals();
    EvalRunRow old = started("run-old", "harmful-advice", "v1", T0);
    EvalRunRow tieA = started("run-tie-a", "harmful-advice", "v1", T0.plusSeconds(30));
    EvalRunRow tieB = started("run-tie-b", "bias-uk", "v1", T0.plusSeconds(30));
    EvalRunRow imported =
        new EvalRunRow(
            "run-new",
            "bias-uk",
            "2",
            "claude",
            "anthropic",
            "claude-sonnet-4-5",
            "claude-sonnet-4-5-20250929",
            "inspect",
            Status.RUNNING,
            T0.plusSeconds(60),
            null,
            0,
            0,
            0,
            json("{\"partial\":true}"),
            "cli");

    for (EvalRunRow run : List.of(old, tieA, tieB, imported)) {
      evals.insertRun(run);
    }

    assertThat(evals.run("run-old")).contains(old);
    assertThat(evals.run("run-new")).contains(imported);
    assertThat(evals.run("run-none")).isEmpty();
    assertThat(evals.runs(10)).containsExactly(imported, tieB, tieA, old);
    assertThat(evals.runs(2)).containsExactly(imported, tieB);
    assertThat(old.startedAt()).isEqualTo(Instant.parse("2025-11-26T09:00:00.123456Z"));
    assertThatThrownBy(() -> evals.runs(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit: 0 (expected: 1..1000)");
  }

  @Test
  void eval_insertRun_finishedRunOrTakenId_rejectsAndStoresNothing() {
    EvalStorage evals = storage.evals();
    EvalRunRow first = started("run-1", "harmful-advice", "v1", T0);
    evals.insertRun(first);
    EvalRunRow finished =
        started("run-2", "harmful-advice", "v1", T0)
            .withFinish(Status.COMPLETE, 10, 0, T0.plusSeconds(5), json("{}"));

    assertThatThrownBy(() -> evals.insertRun(finished))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("run: eval run run-2 is COMPLETE (expected: a running run)");
    assertThatThrownBy(() -> evals.insertRun(started("run-1", "other", "v2", T0)))
        .isInstanceOf(StorageException.class)
        .hasMessage("storage: insert of eval run run-1 already stored (SQLState 23505)");

    assertThat(evals.runs(10)).containsExactly(first);
  }

  @Test
  void eval_progress_setsTheCounts_andRejectsOutOfRangeOrNotRunning() {
    EvalStorage evals = storage.evals();
    EvalRunRow run = started("run-1", "harmful-advice", "v1", T0);
    evals.insertRun(run);

    evals.progress("run-1", 4, 1);
    assertThat(evals.run("run-1")).contains(run.withProgress(4, 1));
    evals.progress("run-1", 10, 10);
    assertThat(evals.run("run-1")).contains(run.withProgress(10, 10));

    assertThatThrownBy(() -> evals.progress("run-1", 11, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samplesDone: 11 (expected: 0..10, samplesTotal)");
    assertThatThrownBy(() -> evals.progress("run-1", 3, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("errors: 4 (expected: 0..3, the samples done that ended in an error)");
    assertThatThrownBy(() -> evals.progress("run-1", -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> evals.progress("run-none", 1, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("eval run run-none: unknown (expected: a running run)");
    assertThat(evals.run("run-1")).contains(run.withProgress(10, 10));

    evals.finishRun("run-1", Status.FAILED, 10, 10, T0.plusSeconds(1), json("{}"), null);
    assertThatThrownBy(() -> evals.progress("run-1", 1, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("eval run run-1: FAILED (expected: a running run)");
  }

  @Test
  void eval_finishRun_storesStatusCountsAndSummary_andQueuesItsEntry() {
    EvalStorage evals = storage.evals();
    EvalRunRow run = started("run-1", "harmful-advice", "v1", T0);
    evals.insertRun(run);
    evals.progress("run-1", 3, 0);
    byte[] summary = json("{\"accuracy\":0.9,\"stderr\":0.03}");
    byte[] entry = bytes(30, 4);
    Instant at = T0.plusSeconds(90).plusNanos(200);

    evals.finishRun("run-1", Status.COMPLETE, 10, 2, at, summary, entry);
    summary[0] = 'x'; // the store copied both
    entry[0] = 99;

    EvalRunRow expected =
        run.withFinish(
            Status.COMPLETE,
            10,
            2,
            Instant.parse("2025-11-26T09:01:30.123456Z"),
            json("{\"accuracy\":0.9,\"stderr\":0.03}"));
    assertThat(evals.run("run-1")).contains(expected);
    assertThat(evals.run("run-1").orElseThrow().summary())
        .isEqualTo(json("{\"accuracy\":0.9,\"stderr\":0.03}"));
    assertThat(storage.outbox().pending(10))
        .extracting(OutboxEntry::entry)
        .containsExactly(bytes(30, 4));
  }

  @Test
  void eval_finishRun_notRunningOrOutOfRange_throws_changesAndQueuesNothing() {
    EvalStorage evals = storage.evals();
    EvalRunRow run = started("run-1", "harmful-advice", "v1", T0);
    evals.insertRun(run);
    byte[] summary = json("{}");

    assertThatThrownBy(
            () -> evals.finishRun("run-1", Status.RUNNING, 1, 0, T0, summary, bytes(5, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status: RUNNING (expected: COMPLETE or FAILED, a finished status)");
    assertThatThrownBy(
            () ->
                evals.finishRun(
                    "run-1", Status.COMPLETE, 11, 0, T0.plusSeconds(1), summary, bytes(5, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samplesDone: 11 (expected: 0..10, samplesTotal)");
    assertThatThrownBy(
            () ->
                evals.finishRun(
                    "run-1", Status.COMPLETE, 10, 0, T0.minusSeconds(1), summary, bytes(5, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "finishedAt: 2025-11-26T08:59:59.123456Z (expected: not before startedAt"
                + " 2025-11-26T09:00:00.123456Z)");
    assertThatThrownBy(
            () -> evals.finishRun("run-1", Status.COMPLETE, 10, 0, T0, new byte[0], bytes(5, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("summary: 0 bytes (expected: 1..1048576)");
    assertThatThrownBy(
            () -> evals.finishRun("run-1", Status.COMPLETE, 10, 0, T0, summary, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry: 0 bytes (expected: 1..65535)");
    assertThatThrownBy(
            () -> evals.finishRun("run-none", Status.FAILED, 0, 0, T0, summary, bytes(5, 5)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("eval run run-none: unknown (expected: a running run)");
    assertThat(evals.run("run-1")).contains(run);

    evals.finishRun("run-1", Status.FAILED, 2, 2, T0.plusSeconds(1), summary, bytes(5, 6));
    assertThatThrownBy(
            () ->
                evals.finishRun(
                    "run-1", Status.COMPLETE, 10, 0, T0.plusSeconds(2), summary, bytes(5, 7)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("eval run run-1: FAILED (expected: a running run)");

    assertThat(evals.run("run-1").orElseThrow().status()).isEqualTo(Status.FAILED);
    assertThat(storage.outbox().pending(10))
        .extracting(OutboxEntry::entry)
        .containsExactly(bytes(5, 6));
  }

  @Test
  void eval_completeRuns_areTheCompleteRunsOfThatSuiteAndVersion_newestFinishFirst() {
    EvalRunRow early =
        finishedRun(
            "a", "harmful-advice", "v1", T0.plusSeconds(50), Status.COMPLETE, T0.plusSeconds(60));
    EvalRunRow late =
        finishedRun("b", "harmful-advice", "v1", T0, Status.COMPLETE, T0.plusSeconds(120));
    finishedRun("failed", "harmful-advice", "v1", T0, Status.FAILED, T0.plusSeconds(200));
    finishedRun("other-suite", "bias-uk", "v1", T0, Status.COMPLETE, T0.plusSeconds(200));
    finishedRun("other-version", "harmful-advice", "v2", T0, Status.COMPLETE, T0.plusSeconds(200));
    storage.evals().insertRun(started("running", "harmful-advice", "v1", T0));

    assertThat(storage.evals().completeRuns("v1", "harmful-advice")).containsExactly(late, early);
    assertThat(storage.evals().completeRuns("v3", "harmful-advice")).isEmpty();
  }

  @Test
  void eval_saveSample_replacesPerSampleAndEpoch_keepsFirstSavedOrder_andCopiesBytes() {
    EvalStorage evals = storage.evals();
    evals.insertRun(started("run-1", "harmful-advice", "v1", T0));
    evals.insertRun(started("run-2", "harmful-advice", "v1", T0));
    byte[] result = json("{\"score\":\"C\"}");

    evals.saveSample("run-1", "q-2", 1, result);
    result[0] = 'x';
    evals.saveSample("run-1", "q-1", 1, json("{\"score\":\"I\"}"));
    evals.saveSample("run-1", "q-2", 2, json("{\"score\":\"I\"}"));
    evals.saveSample("run-2", "q-2", 1, json("{\"other\":1}"));
    evals.saveSample("run-1", "q-2", 1, json("{\"score\":\"C\",\"retried\":true}"));

    assertThat(evals.samples("run-1"))
        .containsExactly(
            new StoredSample("q-2", 1, json("{\"score\":\"C\",\"retried\":true}")),
            new StoredSample("q-1", 1, json("{\"score\":\"I\"}")),
            new StoredSample("q-2", 2, json("{\"score\":\"I\"}")));
    assertThat(evals.samples("run-2"))
        .containsExactly(new StoredSample("q-2", 1, json("{\"other\":1}")));
    assertThat(evals.samples("run-none")).isEmpty();
  }

  @Test
  void eval_saveSample_unknownOrFinishedRunOrBadSample_throws_andSavesNothing() {
    EvalStorage evals = storage.evals();
    evals.insertRun(started("run-1", "harmful-advice", "v1", T0));
    evals.saveSample("run-1", "q-1", 0, json("{}"));

    assertThatThrownBy(() -> evals.saveSample("run-none", "q-1", 0, json("{}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("eval run run-none: unknown (expected: a running run)");
    assertThatThrownBy(() -> evals.saveSample("run-1", "q-2", -1, json("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epoch: -1 (expected: >= 0)");
    assertThatThrownBy(() -> evals.saveSample("run-1", " ", 0, json("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sampleId: ");
    assertThatThrownBy(() -> evals.saveSample("run-1", "q-2", 0, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("result: 0 bytes (expected: 1..1048576)");
    evals.finishRun("run-1", Status.COMPLETE, 10, 0, T0.plusSeconds(1), json("{}"), null);
    assertThatThrownBy(() -> evals.saveSample("run-1", "q-1", 0, json("{\"late\":1}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("eval run run-1: COMPLETE (expected: a running run)");

    assertThat(evals.samples("run-1")).containsExactly(new StoredSample("q-1", 0, json("{}")));
  }

  @Test
  void eval_samplesSavedFromTwoNodesWhileTheRunFinishes_areSavedBeforeTheFinishOrRefused()
      throws Exception {
    int perThread = 40;
    storage.evals().insertRun(started("run-1", "harmful-advice", "v1", T0));
    try (Storage other = openAnotherNode()) {
      List<EvalStorage> nodes = List.of(storage.evals(), other.evals());
      List<String> saved =
          concurrently(
              3,
              thread -> {
                if (thread == 2) {
                  nodes.get(0).saveSample("run-1", "first", 0, json("{}"));
                  nodes
                      .get(1)
                      .finishRun(
                          "run-1", Status.COMPLETE, 10, 0, T0.plusSeconds(1), json("{}"), null);
                  return List.of("first/0");
                }
                List<String> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                  // Both threads save the same samples: a save either replaces or inserts.
                  String sample = "q-" + (i % 10);
                  int epoch = i / 10;
                  try {
                    nodes.get(thread).saveSample("run-1", sample, epoch, json("{\"i\":" + i + "}"));
                    mine.add(sample + "/" + epoch);
                  } catch (IllegalStateException finished) {
                    assertThat(finished).hasMessageContaining("COMPLETE");
                  }
                }
                return mine;
              });

      assertThat(storage.evals().samples("run-1"))
          .extracting(s -> s.sampleId() + "/" + s.epoch())
          .containsExactlyInAnyOrderElementsOf(Set.copyOf(saved));
    }
  }

  @Test
  void eval_finishRunAndGrant_auditEntryCannotBeQueued_changeRollsBack() {
    DataSource broken = openAtVersion(6);
    Jdbc.update(
        broken,
        "test statement",
        connection -> {
          try (PreparedStatement drop =
              connection.prepareStatement("DROP TABLE steward_audit_outbox")) {
            drop.executeUpdate();
          }
        });
    JdbcEvalStorage evals = new JdbcEvalStorage(broken, () -> T0);
    JdbcApprovalStorage approvals = new JdbcApprovalStorage(broken, () -> T0);
    EvalRunRow run = started("run-1", "harmful-advice", "v1", T0);
    evals.insertRun(run);

    assertThatThrownBy(
            () ->
                evals.finishRun(
                    "run-1", Status.COMPLETE, 10, 0, T0.plusSeconds(1), json("{}"), bytes(8, 1)))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("storage: finish of eval run run-1 failed");
    assertThat(evals.run("run-1")).contains(run);

    evals.finishRun("run-1", Status.COMPLETE, 10, 0, T0.plusSeconds(1), json("{}"), null);
    ApprovalRow approval = approval("ap-1", T0, T0.plusSeconds(3600), List.of("run-1"));
    long version = approvals.version();
    assertThatThrownBy(() -> approvals.grant(approval, bytes(8, 2)))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("storage: grant of approval ap-1 failed");
    assertThat(approvals.find("ap-1")).isEmpty();
    assertThat(approvals.version()).isEqualTo(version);

    approvals.grant(approval, null);
    assertThatThrownBy(
            () -> approvals.revoke("ap-1", T0.plusSeconds(5), "cli", "withdrawn", bytes(8, 3)))
        .isInstanceOf(StorageException.class);
    assertThat(approvals.find("ap-1")).contains(approval);
    assertThat(approvals.version()).isEqualTo(version + 1);
  }

  // ---- approvals ----

  static final String USE_CASE = "justice/triage/classify-letter";

  static ApprovalRow approval(String id, Instant at, Instant expiresAt, List<String> runIds) {
    return ApprovalRow.granted(
        id, USE_CASE, "openai", "gpt-4o-mini", "v1", at, expiresAt, "key_admin01", runIds);
  }

  @Test
  void approval_grant_isFoundListedAndActive_queuesItsEntry_andBumpsTheVersion() {
    finishedRun("run-a", "harmful-advice", "v1", T0, Status.COMPLETE, T0.plusSeconds(1));
    finishedRun("run-b", "bias-uk", "v1", T0, Status.COMPLETE, T0.plusSeconds(1));
    ApprovalStorage approvals = storage.approvals();
    long version = approvals.version();
    ApprovalRow first =
        approval(
            "ap-1", T0.plusSeconds(10), T0.plus(Duration.ofDays(90)), List.of("run-b", "run-a"));
    ApprovalRow second =
        new ApprovalRow(
            "ap-2",
            "health/letters/draft-reply",
            "anthropic",
            "claude-sonnet-4-5",
            "claude-sonnet-4-5-20250929",
            T0,
            T0.plus(Duration.ofDays(30)),
            "cli",
            List.of(),
            null,
            null,
            null);

    approvals.grant(first, bytes(12, 1));
    approvals.grant(second, bytes(12, 2));

    assertThat(approvals.find("ap-1")).contains(first);
    assertThat(approvals.find("ap-1").orElseThrow().runIds()).containsExactly("run-b", "run-a");
    assertThat(approvals.find("ap-none")).isEmpty();
    assertThat(approvals.all()).containsExactly(second, first);
    assertThat(approvals.active(T0.plusSeconds(10))).containsExactly(second, first);
    assertThat(approvals.version()).isEqualTo(version + 2);
    assertThat(storage.outbox().pending(10))
        .extracting(OutboxEntry::entry)
        .containsExactly(bytes(12, 1), bytes(12, 2));
  }

  @Test
  void approval_grant_onMissingOrIncompleteEvidence_rejects_andStoresNothing() {
    finishedRun("run-ok", "harmful-advice", "v1", T0, Status.COMPLETE, T0.plusSeconds(1));
    finishedRun("run-failed", "harmful-advice", "v1", T0, Status.FAILED, T0.plusSeconds(1));
    storage.evals().insertRun(started("run-running", "harmful-advice", "v1", T0));
    ApprovalStorage approvals = storage.approvals();
    long version = approvals.version();
    Instant expiry = T0.plus(Duration.ofDays(1));

    assertThatThrownBy(
            () -> approvals.grant(approval("ap-1", T0, expiry, List.of("run-ok", "run-x")), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("runIds: eval run run-x is unknown (expected: a stored, complete run)");
    assertThatThrownBy(
            () -> approvals.grant(approval("ap-1", T0, expiry, List.of("run-failed")), bytes(4, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("runIds: eval run run-failed is FAILED (expected: a stored, complete run)");
    assertThatThrownBy(
            () -> approvals.grant(approval("ap-1", T0, expiry, List.of("run-running")), null))
        .hasMessage("runIds: eval run run-running is RUNNING (expected: a stored, complete run)");

    assertThat(approvals.all()).isEmpty();
    assertThat(approvals.version()).isEqualTo(version);
    assertThat(storage.outbox().pending(10)).isEmpty();
  }

  @Test
  void approval_grant_takenIdOrRevokedRowOrBadEntry_fails_andStoresNothingMore() {
    ApprovalStorage approvals = storage.approvals();
    ApprovalRow first = approval("ap-1", T0, T0.plusSeconds(60), List.of());
    approvals.grant(first, null);
    long version = approvals.version();

    assertThatThrownBy(
            () -> approvals.grant(approval("ap-1", T0, T0.plusSeconds(90), List.of()), bytes(3, 1)))
        .isInstanceOf(StorageException.class)
        .hasMessage("storage: grant of approval ap-1 already stored (SQLState 23505)");
    assertThatThrownBy(
            () ->
                approvals.grant(
                    approval("ap-2", T0, T0.plusSeconds(60), List.of())
                        .withRevocation(T0, "cli", "no"),
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row: approval ap-2 is revoked (expected: an unrevoked approval)");
    assertThatThrownBy(
            () -> approvals.grant(approval("ap-3", T0, T0.plusSeconds(60), List.of()), new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("entry: 0 bytes (expected: 1..65535)");

    assertThat(approvals.all()).containsExactly(first);
    assertThat(approvals.version()).isEqualTo(version);
    assertThat(storage.outbox().pending(10)).isEmpty();
  }

  @Test
  void approval_revoke_recordsWhoWhenAndWhy_queuesItsEntry_andBumpsTheVersion() {
    ApprovalStorage approvals = storage.approvals();
    ApprovalRow granted = approval("ap-1", T0, T0.plus(Duration.ofDays(30)), List.of());
    approvals.grant(granted, null);
    long version = approvals.version();
    Instant at = T0.plusSeconds(3600).plusNanos(200);

    assertThat(
            approvals.revoke(
                "ap-1", at, "key_admin02", "Regression in bias-uk — INC-9", bytes(6, 1)))
        .isTrue();

    ApprovalRow expected =
        granted.withRevocation(
            Instant.parse("2025-11-26T10:00:00.123456Z"),
            "key_admin02",
            "Regression in bias-uk — INC-9");
    assertThat(approvals.find("ap-1")).contains(expected);
    assertThat(expected.revoked()).isTrue();
    assertThat(approvals.all()).containsExactly(expected);
    assertThat(approvals.active(at)).isEmpty();
    assertThat(approvals.active(T0.plusSeconds(1))).containsExactly(expected);
    assertThat(approvals.version()).isEqualTo(version + 1);
    assertThat(storage.outbox().pending(10))
        .extracting(OutboxEntry::entry)
        .containsExactly(bytes(6, 1));
  }

  @Test
  void approval_revokeUnknownRevokedOrOutOfRange_changesAndQueuesNothing() {
    ApprovalStorage approvals = storage.approvals();
    approvals.grant(approval("ap-1", T0, T0.plusSeconds(600), List.of()), null);
    approvals.grant(approval("ap-2", T0.plusSeconds(60), T0.plusSeconds(600), List.of()), null);
    assertThat(approvals.revoke("ap-1", T0.plusSeconds(1), "cli", "first", null)).isTrue();
    ApprovalRow revoked = approvals.find("ap-1").orElseThrow();
    long version = approvals.version();

    assertThat(approvals.revoke("ap-none", T0, "cli", "n", bytes(5, 1))).isFalse();
    assertThat(approvals.revoke("ap-1", T0.plusSeconds(2), "cli", "again", bytes(5, 2))).isFalse();
    assertThatThrownBy(() -> approvals.revoke("ap-2", T0, "cli", "too early", bytes(5, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "revokedAt: 2025-11-26T09:00:00.123456Z (expected: not before grantedAt"
                + " 2025-11-26T09:01:00.123456Z)");
    assertThatThrownBy(() -> approvals.revoke("ap-2", T0.plusSeconds(90), "cli", " ", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reason: 1 characters, blank (expected: 1..1000 characters, not blank)");
    assertThatThrownBy(() -> approvals.revoke("ap-2", T0.plusSeconds(90), "cli", "n", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(approvals.find("ap-1")).contains(revoked);
    assertThat(approvals.find("ap-2").orElseThrow().revoked()).isFalse();
    assertThat(approvals.version()).isEqualTo(version);
    assertThat(storage.outbox().pending(10)).isEmpty();
  }

  @Test
  void approval_active_followsGrantExpiryAndRevocation_halfOpen() {
    ApprovalStorage approvals = storage.approvals();
    Instant grant = T0.plusSeconds(100);
    Instant expiry = T0.plusSeconds(200);
    approvals.grant(approval("lapsing", grant, expiry, List.of()), null);
    approvals.grant(approval("revoked", grant, T0.plusSeconds(900), List.of()), null);
    approvals.revoke("revoked", T0.plusSeconds(150), "cli", "withdrawn", null);
    approvals.grant(approval("later", T0.plusSeconds(300), T0.plusSeconds(900), List.of()), null);

    for (long second : new long[] {99, 100, 149, 150, 199, 200, 299, 300, 899, 900}) {
      Instant now = T0.plusSeconds(second);
      List<String> expected =
          approvals.all().stream().filter(a -> a.activeAt(now)).map(ApprovalRow::id).toList();
      assertThat(approvals.active(now))
          .extracting(ApprovalRow::id)
          .as("at +" + second + "s")
          .containsExactlyElementsOf(expected);
    }
    assertThat(approvals.active(grant))
        .extracting(ApprovalRow::id)
        .containsExactly("lapsing", "revoked");
    assertThat(approvals.active(T0.plusSeconds(150)))
        .extracting(ApprovalRow::id)
        .containsExactly("lapsing");
    assertThat(approvals.active(expiry)).isEmpty();
    assertThat(approvals.active(T0.plusSeconds(300)))
        .extracting(ApprovalRow::id)
        .containsExactly("later");
    assertThat(approvals.active(T0.plusSeconds(99))).isEmpty();
  }

  @Test
  void approvalVersion_polledFromAnotherNode_movesWithEveryChangeOnly() {
    try (Storage other = openAnotherNode()) {
      ApprovalStorage here = storage.approvals();
      ApprovalStorage there = other.approvals();
      long v0 = there.version();
      assertThat(here.version()).isEqualTo(v0);

      here.grant(approval("ap-1", T0, T0.plusSeconds(60), List.of()), null);
      long v1 = there.version();
      assertThat(v1).isGreaterThan(v0);
      assertThat(there.active(T0)).extracting(ApprovalRow::id).containsExactly("ap-1");
      assertThat(there.version()).as("reading changes nothing").isEqualTo(v1);

      assertThatThrownBy(
              () -> here.grant(approval("ap-1", T0, T0.plusSeconds(60), List.of()), null))
          .isInstanceOf(StorageException.class);
      assertThat(here.revoke("ap-none", T0, "cli", "n", null)).isFalse();
      assertThat(there.version()).as("failed and empty changes").isEqualTo(v1);

      here.revoke("ap-1", T0.plusSeconds(1), "cli", "n", null);
      assertThat(there.version()).isGreaterThan(v1);
      assertThat(there.active(T0.plusSeconds(1))).isEmpty();
    }
  }

  @Test
  void upgradeFromVersion5_keepsKeys_andAddsEmptyEvalsAndApprovals() {
    DataSource v5 = openAtVersion(5);
    JdbcKeyStorage keysV5 = new JdbcKeyStorage(v5, () -> T0);
    ApiKeyRecord key = ApiKeys.create(JUSTICE_NOTES, "a", "alice", T0).record();
    keysV5.insert(key, bytes(12, 5));
    storage.close();

    storage = openUpgraded();

    assertThat(storage.keys().list()).containsExactly(key);
    assertThat(storage.evals().runs(10)).isEmpty();
    assertThat(storage.approvals().all()).isEmpty();
    assertThat(storage.approvals().version()).isZero();
    EvalRunRow run =
        finishedRun("run-1", "harmful-advice", "v1", T0, Status.COMPLETE, T0.plusSeconds(1));
    storage.approvals().grant(approval("ap-1", T0, T0.plusSeconds(60), List.of("run-1")), null);
    assertThat(storage.approvals().version()).isEqualTo(1);
    assertThat(storage.evals().completeRuns("v1", "harmful-advice")).containsExactly(run);
  }

  // ---- upgrades ----

  @Test
  void upgradeFromVersion2_keepsEveryKeyAndLedgerRow() {
    DataSource v2 = openAtVersion(2);
    JdbcKeyStorage keysV2 = new JdbcKeyStorage(v2, () -> T0);
    ApiKeyRecord active = ApiKeys.create(JUSTICE_NOTES, "a", "alice", T0).record();
    ApiKeyRecord revoked = ApiKeys.create(HEALTH_LETTERS, "b", null, T0).record();
    keysV2.insert(active);
    keysV2.insert(revoked);
    keysV2.revoke(revoked.id(), T0.plusSeconds(1));
    long version = keysV2.version();
    LedgerRow first = row("req_a", T0, JUSTICE_NOTES, "0.5");
    LedgerRow second = row("req_b", T0, JUSTICE_TRIAGE, "0.25");
    LedgerRow third = row("req_c", T0.plusSeconds(1), HEALTH_LETTERS, "0");
    appendAtVersion2(v2, List.of(first, second, third));
    storage.close();

    storage = openUpgraded();

    assertThat(storage.keys().list())
        .containsExactlyInAnyOrder(active, revoked.withRevokedAt(T0.plusSeconds(1)));
    assertThat(storage.keys().version()).isEqualTo(version);
    assertThat(storage.ledger().recent(10)).containsExactly(third, second, first);
    assertThat(storage.ledger().find("req_a").orElseThrow().audit()).isNull();
    assertThat(storage.outbox().pending(10)).isEmpty();
    LedgerRow audited = row("req_d", T0, JUSTICE_NOTES, "1").withAudit(AUDIT);
    storage.ledger().append(List.of(audited));
    assertThat(storage.ledger().find("req_d")).contains(audited);
    assertThatThrownBy(() -> storage.ledger().append(List.of(row("req_a", T0, JUSTICE_NOTES, "1"))))
        .as("request ids stay unique")
        .isInstanceOf(StorageException.class);
  }

  @Test
  void upgradeFromVersion3_keepsKeysAndQueuedEntries_andAddsEmptySwitchesPoliciesAndLevels() {
    DataSource v3 = openAtVersion(3);
    JdbcKeyStorage keysV3 = new JdbcKeyStorage(v3, () -> T0);
    ApiKeyRecord key = ApiKeys.create(JUSTICE_NOTES, "a", "alice", T0).record();
    keysV3.insert(key, bytes(12, 5));
    storage.close();

    storage = openUpgraded();

    assertThat(storage.keys().list()).containsExactly(key);
    assertThat(storage.outbox().pending(10))
        .extracting(OutboxEntry::entry)
        .containsExactly(bytes(12, 5));
    assertThat(storage.killSwitches().version()).isZero();
    assertThat(storage.killSwitches().active()).isEmpty();
    assertThat(storage.policyVersions().current()).isEmpty();
    storage.killSwitches().engage(engaged("ks-1", "model", "gpt-4o", T0), null);
    assertThat(storage.killSwitches().version()).isEqualTo(1);
    assertThat(storage.policyVersions().adopt(policy("v1", 1, T0), previous -> null)).isTrue();
    assertThat(storage.conversations().raise("c", 2, T0)).isEqualTo(2);
    storage.reviews().record(new ReviewRecord("r", "rev", "approved", null, key.id(), T0), null);
    assertThat(storage.reviews().forRequest("r")).hasSize(1);
  }

  // ---- helpers ----

  static final String SALT =
      Base64.getEncoder().encodeToString(bytes(LedgerRow.Audit.SALT_BYTES, 11));
  static final String SALT_2 =
      Base64.getEncoder().encodeToString(bytes(LedgerRow.Audit.SALT_BYTES, 200));
  static final LedgerRow.Audit AUDIT = new LedgerRow.Audit(41, 42L, SALT);

  /** Runs one statement whose only parameter is a new request id, and commits. */
  private static void insertLedgerRow(DataSource dataSource, String sql) {
    Jdbc.update(
        dataSource,
        "test statement",
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "req-" + System.nanoTime());
            statement.executeUpdate();
          }
        });
  }

  /** {@code length} bytes counting up from {@code seed} (wrapping). */
  static byte[] bytes(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (seed + i);
    }
    return bytes;
  }

  /** Appends rows as Steward did before schema version 3 (no audit columns), in one transaction. */
  static void appendAtVersion2(DataSource dataSource, List<LedgerRow> rows) {
    Jdbc.update(
        dataSource,
        "version-2 ledger append",
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO steward_ledger (request_id, occurred_at, department, service,"
                      + " use_case, api, endpoint, model_alias, route_id, upstream_model, outcome,"
                      + " http_status, input_tokens, output_tokens, cached_input_tokens, cost_gbp,"
                      + " latency_micros, first_token_micros, is_stream, attempts)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (LedgerRow row : rows) {
              assertThat(row.audit()).isNull();
              JdbcLedgerStorage.bindVersion2Columns(insert, row);
              insert.addBatch();
            }
            insert.executeBatch();
          }
        });
  }

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
        1,
        null,
        null);
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
    return concurrently(THREADS, work);
  }

  /** Runs {@code work} on {@code threads} threads released together; returns all results. */
  static <T> List<T> concurrently(int threads, PerThread<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<T>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
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
