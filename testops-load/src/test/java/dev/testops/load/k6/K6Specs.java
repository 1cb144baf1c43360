package dev.testops.load.k6;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test builders for {@link K6ScenarioSpec}. */
final class K6Specs {
  static final URI TARGET = URI.create("http://127.0.0.1:8089/");
  static final long SEED = -6312423486519237771L;

  private K6Specs() {}

  static List<K6ScenarioSpec.User> users() {
    return List.of(
        new K6ScenarioSpec.User("user-00001", List.of("the deadline is monday.", "is it friday?")),
        new K6ScenarioSpec.User("user-00002", List.of("say \"hi\" — twice\n")));
  }

  static Map<String, List<String>> thresholds() {
    Map<String, List<String>> thresholds = new LinkedHashMap<>();
    thresholds.put("http_req_duration", List.of("p(95)<500", "p(99)<1000"));
    thresholds.put("http_req_failed", List.of("rate<0.01"));
    thresholds.put("checks", List.of("rate>0.99"));
    return thresholds;
  }

  /** 100 iterations/s for 30 s with 20 to 200 VUs. */
  static K6ScenarioSpec constantArrivalRate() {
    return new K6ScenarioSpec(
        K6ScenarioSpec.Executor.CONSTANT_ARRIVAL_RATE,
        100,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        0,
        20,
        200,
        List.of(),
        thresholds(),
        TARGET,
        Duration.ZERO,
        SEED,
        users());
  }

  /** Ramping arrival rate from 10/s to 50/s and back to 0. */
  static K6ScenarioSpec rampingArrivalRate() {
    return new K6ScenarioSpec(
        K6ScenarioSpec.Executor.RAMPING_ARRIVAL_RATE,
        10,
        Duration.ofMillis(500),
        null,
        0,
        5,
        50,
        List.of(
            new K6ScenarioSpec.Stage(Duration.ofSeconds(10), 50),
            new K6ScenarioSpec.Stage(Duration.ofMillis(1500), 0)),
        thresholds(),
        TARGET,
        Duration.ZERO,
        SEED,
        users());
  }

  /** 1,500 VUs for 1 minute with 250 ms think time. */
  static K6ScenarioSpec constantVus() {
    return new K6ScenarioSpec(
        K6ScenarioSpec.Executor.CONSTANT_VUS,
        0,
        null,
        Duration.ofMinutes(1),
        1500,
        0,
        0,
        List.of(),
        Map.of(),
        TARGET,
        Duration.ofMillis(250),
        SEED,
        users());
  }

  /** Ramping VUs: baseline 1,500 then up to 10,000. */
  static K6ScenarioSpec rampingVus() {
    return new K6ScenarioSpec(
        K6ScenarioSpec.Executor.RAMPING_VUS,
        0,
        null,
        null,
        1500,
        0,
        0,
        List.of(
            new K6ScenarioSpec.Stage(Duration.ofSeconds(30), 1500),
            new K6ScenarioSpec.Stage(Duration.ofMinutes(2), 10000)),
        Map.of("http_req_duration", List.of("p(95)<500")),
        TARGET,
        Duration.ofSeconds(1),
        SEED,
        users());
  }
}
