package dev.steward.routing;

import dev.steward.config.RouteConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The order in which a call tries routes: eligible routes only, grouped by priority (lowest first);
 * within a group a weighted random order (a route's chance of coming next is its share of the
 * remaining weight), then the group's weight-0 routes in configuration order.
 */
final class RouteOrder {
  private RouteOrder() {}

  static List<RouteConfig> of(
      List<RouteConfig> routes, Predicate<RouteConfig> eligible, RandomGenerator random) {
    if (routes.size() == 1) {
      RouteConfig only = routes.get(0);
      return eligible.test(only) ? List.of(only) : List.of();
    }
    Map<Integer, List<RouteConfig>> groups = new TreeMap<>();
    for (RouteConfig route : routes) {
      if (eligible.test(route)) {
        groups.computeIfAbsent(route.priority(), p -> new ArrayList<>()).add(route);
      }
    }
    List<RouteConfig> order = new ArrayList<>();
    for (List<RouteConfig> group : groups.values()) {
      order.addAll(weightedShuffle(group, random));
    }
    return order;
  }

  private static List<RouteConfig> weightedShuffle(
      List<RouteConfig> group, RandomGenerator random) {
    List<RouteConfig> weighted = new ArrayList<>();
    List<RouteConfig> fallbacks = new ArrayList<>();
    long total = 0;
    for (RouteConfig route : group) {
      if (route.weight() > 0) {
        weighted.add(route);
        total += route.weight();
      } else {
        fallbacks.add(route);
      }
    }
    List<RouteConfig> order = new ArrayList<>(group.size());
    while (!weighted.isEmpty()) {
      long r = random.nextLong(total);
      int i = 0;
      while (r >= weighted.get(i).weight()) {
        r -= weighted.get(i).weight();
        i++;
      }
      RouteConfig picked = weighted.remove(i);
      total -= picked.weight();
      order.add(picked);
    }
    order.addAll(fallbacks);
    return order;
  }
}
