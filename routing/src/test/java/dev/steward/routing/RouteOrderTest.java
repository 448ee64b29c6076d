package dev.steward.routing;

import static dev.steward.routing.Fakes.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.steward.config.RouteConfig;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RouteOrderTest {
  private final SplittableRandom random = new SplittableRandom(42);

  @Test
  void of_priorities_lowerFirstWhateverTheConfigOrder() {
    RouteConfig late = route("b", "m", 2, 1);
    RouteConfig early = route("a", "m", 1, 1);
    RouteConfig last = route("c", "m", 3, 1);

    assertThat(RouteOrder.of(List.of(late, last, early), r -> true, random))
        .containsExactly(early, late, last);
  }

  @Test
  void of_weights3To1_firstPickFollowsWeights() {
    RouteConfig heavy = route("a", "m", 1, 3);
    RouteConfig light = route("b", "m", 1, 1);
    int trials = 20_000;
    int heavyFirst = 0;
    for (int i = 0; i < trials; i++) {
      List<RouteConfig> order = RouteOrder.of(List.of(light, heavy), r -> true, random);
      assertThat(order).containsExactlyInAnyOrder(heavy, light);
      if (order.get(0).equals(heavy)) {
        heavyFirst++;
      }
    }

    assertThat((double) heavyFirst / trials).isCloseTo(0.75, within(0.02));
  }

  @Test
  void of_threeWeights_secondPlaceFollowsRemainingWeight() {
    RouteConfig a = route("a", "m", 1, 2);
    RouteConfig b = route("b", "m", 1, 1);
    RouteConfig c = route("c", "m", 1, 1);
    int trials = 20_000;
    int bSecondAfterA = 0;
    int aFirst = 0;
    for (int i = 0; i < trials; i++) {
      List<RouteConfig> order = RouteOrder.of(List.of(a, b, c), r -> true, random);
      if (order.get(0).equals(a)) {
        aFirst++;
        if (order.get(1).equals(b)) {
          bSecondAfterA++;
        }
      }
    }

    assertThat((double) aFirst / trials).isCloseTo(0.5, within(0.02));
    assertThat((double) bSecondAfterA / aFirst).isCloseTo(0.5, within(0.03));
  }

  @Test
  void of_weightZero_onlyAfterPositiveWeightsOfItsPriority() {
    RouteConfig standby = route("standby", "m", 1, 0);
    RouteConfig a = route("a", "m", 1, 1);
    RouteConfig b = route("b", "m", 1, 5);
    RouteConfig next = route("next", "m", 2, 1);
    for (int i = 0; i < 200; i++) {
      List<RouteConfig> order = RouteOrder.of(List.of(standby, next, a, b), r -> true, random);
      assertThat(order.subList(0, 2)).containsExactlyInAnyOrder(a, b);
      assertThat(order.subList(2, 4)).containsExactly(standby, next);
    }
  }

  @Test
  void of_ineligibleRoutes_leftOut() {
    RouteConfig ok = route("sovereign", "m", 2, 1);
    RouteConfig banned = route("abroad", "m", 1, 1);

    assertThat(RouteOrder.of(List.of(banned, ok), r -> !r.provider().equals("abroad"), random))
        .containsExactly(ok);
  }

  @Test
  void of_singleRoute_keptWhenEligibleWhateverItsWeight() {
    RouteConfig only = route("a", "m", 1, 0);

    assertThat(RouteOrder.of(List.of(only), r -> true, random)).containsExactly(only);
    assertThat(RouteOrder.of(List.of(only), r -> false, random)).isEmpty();
  }
}
