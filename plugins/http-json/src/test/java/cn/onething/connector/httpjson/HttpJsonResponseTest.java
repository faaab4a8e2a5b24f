package cn.onething.connector.httpjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.onething.connector.ConnectorException;
import cn.onething.connector.ConnectorException.Kind;
import cn.onething.connector.Outputs;
import cn.onething.connector.SchemaCheck;
import cn.onething.connector.Violation;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpJsonResponseTest {
  static final JsonObject BINDING = new JsonObject().put("system", "电子证照系统")
      .put("response", new JsonObject().put("required", new JsonArray().add("found")))
      .put("outputs", new JsonArray()
          .add(new JsonObject().put("name", "licenceNo").put("pointer", "/licence/licenceNo"))
          .add(new JsonObject().put("name", "valid").put("pointer", "/licence/valid")));

  /** Checks only "required", enough to see that the connector asks and obeys. */
  static final SchemaCheck REQUIRED_ONLY = (schema, doc) -> schema.getJsonArray("required", new JsonArray()).stream()
      .filter(name -> !doc.containsKey((String) name))
      .map(name -> new Violation("/" + name, "缺少必填项“" + name + "”")).toList();

  static Outputs read(int status, String body) {
    return HttpJsonResponse.read(BINDING, status, Buffer.buffer(body), REQUIRED_ONLY);
  }

  static Kind kindOf(int status, String body) {
    try {
      read(status, body);
      throw new AssertionError("expected a failure");
    } catch (ConnectorException e) {
      return e.kind();
    }
  }

  @Test
  void outputsAreReadAtTheirPointersAndAbsentOnesLeftOut() {
    Outputs out = read(200, "{\"found\":true,\"licence\":{\"licenceNo\":\"L1\"},\"extra\":1}");
    assertThat(out.values()).isEqualTo(new JsonObject().put("licenceNo", "L1"));
    assertThat(out.response().getInteger("extra")).isEqualTo(1);
  }

  @Test
  void statusesMapToTheFourKinds() {
    assertThat(kindOf(503, "")).isEqualTo(Kind.UNAVAILABLE);
    assertThat(kindOf(429, "")).isEqualTo(Kind.UNAVAILABLE);
    assertThat(kindOf(408, "")).isEqualTo(Kind.TIMEOUT);
    assertThat(kindOf(422, "{\"message\":\"证件号码已注销\"}")).isEqualTo(Kind.REJECTED);
    assertThat(kindOf(302, "")).isEqualTo(Kind.BAD_RESPONSE);
    assertThatThrownBy(() -> read(422, "{\"message\":\"证件号码已注销\"}")).hasMessageContaining("证件号码已注销");
  }

  @Test
  void aBodyThatBreaksTheContractIsABadResponse() {
    assertThat(kindOf(200, "{\"licence\":{}}")).isEqualTo(Kind.BAD_RESPONSE);
    assertThat(kindOf(200, "not json")).isEqualTo(Kind.BAD_RESPONSE);
    assertThat(kindOf(200, "[1,2]")).isEqualTo(Kind.BAD_RESPONSE);
    assertThatThrownBy(() -> read(200, "{}")).hasMessageContaining("/found");
  }

  @Test
  void onlyTimeoutsAndUnavailabilityAreRetryable() {
    assertThat(List.of(Kind.values())).filteredOn(Kind::retryable).containsExactly(Kind.TIMEOUT, Kind.UNAVAILABLE);
  }
}
