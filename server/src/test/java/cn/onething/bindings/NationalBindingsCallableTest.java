package cn.onething.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.connector.Outputs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every binding template of the national catalogue is callable: through the connector layer,
 * over HTTP, to the department simulator, with the outputs its template promises.
 */
class NationalBindingsCallableTest {
  static SimulatorFixture sim;
  static Connectors connectors;
  static BindingCalls calls;
  static JsonObject samples;

  @BeforeAll
  static void start() throws IOException {
    sim = new SimulatorFixture();
    connectors = Connectors.load(sim.vertx, null, new ServerSchemaCheck());
    calls = new BindingCalls(sim.vertx, connectors, new ServerSchemaCheck(), sim.secrets(), BindingCalls.Policy.DEFAULT);
    try (InputStream in = NationalBindingsCallableTest.class.getResourceAsStream("/bindings/sample-calls.json")) {
      samples = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @AfterAll
  static void stop() {
    connectors.close().await();
    sim.close();
  }

  @TestFactory
  Stream<DynamicTest> eachNationalBindingAnswersThroughItsConnector() {
    assertThat(sim.bindings).hasSize(11);
    return sim.bindings.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      JsonObject sample = samples.getJsonObject(e.getKey());
      assertThat(sample).as("a sample call for " + e.getKey() + " in bindings/sample-calls.json").isNotNull();
      Outputs out = calls.call(e.getValue(), sim.endpoint(), sample.getJsonObject("inputs"), "sample-" + e.getKey()).await();
      assertThat(out.values().getMap()).as("outputs of " + e.getKey()).containsAllEntriesOf(sample.getJsonObject("expect").getMap());
      // Every output the template declares and the answer holds is read back by name.
      for (Object o : e.getValue().getJsonArray("outputs", new JsonArray())) {
        JsonObject parameter = (JsonObject) o;
        Object raw = io.vertx.core.json.pointer.JsonPointer.from(parameter.getString("pointer")).queryJson(out.response());
        if (raw != null) {
          assertThat(out.values().getValue(parameter.getString("name"))).isEqualTo(raw);
        }
      }
      if (!e.getValue().getJsonArray("outputs").isEmpty()) {
        assertThat(out.values()).as("some output of " + e.getKey()).isNotEmpty();
      }
    }));
  }
}
