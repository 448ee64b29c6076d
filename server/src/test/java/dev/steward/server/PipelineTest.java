package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class PipelineTest {
  private static Exchange exchange() {
    return new Exchange(
        "req_1",
        Api.OPENAI,
        Endpoint.CHAT,
        0,
        Map.<String, String>of()::get,
        new byte[0],
        (b, e) -> {});
  }

  private record Recording(String name, List<String> seen) implements Stage {
    @Override
    public CompletionStage<Reply> handle(Exchange ex, Next next) {
      seen.add(name);
      return next.proceed(ex);
    }
  }

  @Test
  void run_visitsStagesInOrder_andDescribesThem() {
    List<String> seen = new ArrayList<>();
    Stage last =
        new Stage() {
          @Override
          public String name() {
            return "last";
          }

          @Override
          public CompletionStage<Reply> handle(Exchange ex, Next next) {
            seen.add("last");
            throw new StewardException(ErrorCode.MODEL_NOT_FOUND, "stop here");
          }
        };
    Pipeline p = new Pipeline(List.of(new Recording("a", seen), new Recording("b", seen), last));

    Reply reply = p.run(exchange()).toCompletableFuture().join();

    assertThat(seen).containsExactly("a", "b", "last");
    assertThat(p.describe()).isEqualTo("a → b → last");
    assertThat(reply)
        .isInstanceOfSatisfying(
            Reply.Failure.class,
            f -> assertThat(f.error().code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND));
  }

  @Test
  void run_unexpectedExceptionBecomesInternalError() {
    Stage broken =
        new Stage() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public CompletionStage<Reply> handle(Exchange ex, Next next) {
            throw new IllegalStateException("bug");
          }
        };

    Reply reply = new Pipeline(List.of(broken)).run(exchange()).toCompletableFuture().join();

    assertThat(reply)
        .isInstanceOfSatisfying(
            Reply.Failure.class, f -> assertThat(f.error().code()).isEqualTo(ErrorCode.INTERNAL));
  }

  @Test
  void run_lastStageForwarding_isADefectReportedAsInternal() {
    Reply reply =
        new Pipeline(List.of(new Recording("only", new ArrayList<>())))
            .run(exchange())
            .toCompletableFuture()
            .join();

    assertThat(reply).isInstanceOf(Reply.Failure.class);
  }

  @Test
  void run_stageFailingLater_becomesTheFailureReply_andTheResultWaitsForIt() {
    CompletableFuture<Reply> later = new CompletableFuture<>();
    Stage slow =
        new Stage() {
          @Override
          public String name() {
            return "slow";
          }

          @Override
          public CompletionStage<Reply> handle(Exchange ex, Next next) {
            return later;
          }
        };

    CompletableFuture<Reply> reply =
        new Pipeline(List.of(new Recording("a", new ArrayList<>()), slow))
            .run(exchange())
            .toCompletableFuture();
    assertThat(reply).isNotDone();
    later.completeExceptionally(new StewardException(ErrorCode.UPSTREAM_TIMEOUT, "slow upstream"));

    assertThat(reply.join())
        .isInstanceOfSatisfying(
            Reply.Failure.class,
            f -> assertThat(f.error().code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT));
  }
}
