package cn.onething.connector.httpjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.onething.connector.ConnectorException;
import cn.onething.connector.Invocation;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpJsonRequestTest {
  static JsonObject binding(String method, String path) {
    return new JsonObject()
        .put("system", "金税系统")
        .put("operation", new JsonObject().put("method", method).put("path", path))
        .put("inputs", new JsonArray()
            .add(new JsonObject().put("name", "price").put("pointer", "/house/transactionPrice"))
            .add(new JsonObject().put("name", "buyerIdNumber").put("pointer", "/buyer/idNumber"))
            .add(new JsonObject().put("name", "licenceType").put("pointer", "/licenceType"))
            .add(new JsonObject().put("name", "region").put("pointer", "/region")));
  }

  static Invocation call(JsonObject binding, JsonObject endpoint, JsonObject inputs) {
    Map<String, String> secrets = Map.of("SIM_KEY", "s3cret");
    return new Invocation(binding, endpoint, inputs, "req-1", Duration.ofSeconds(1),
        name -> Optional.ofNullable(secrets.get(name)));
  }

  @Test
  void inputsArePlacedAtTheirPointersAndTheObjectIsTheBody() {
    HttpJsonRequest request = HttpJsonRequest.of(call(binding("POST", "/tax/v1/calc"),
        new JsonObject().put("baseUrl", "http://tax.example/api/"),
        new JsonObject().put("price", 1200000).put("buyerIdNumber", "330106199003071236").put("licenceType", null)));

    assertThat(request.method()).isEqualTo(HttpMethod.POST);
    assertThat(request.url()).isEqualTo("http://tax.example/api/tax/v1/calc");
    assertThat(request.body()).isEqualTo(new JsonObject()
        .put("house", new JsonObject().put("transactionPrice", 1200000))
        .put("buyer", new JsonObject().put("idNumber", "330106199003071236")));
    assertThat(request.headers()).containsEntry("X-Request-Id", "req-1").doesNotContainKey("Authorization");
  }

  @Test
  void pathPlaceholdersAreEncodedAndGetSendsTheOtherTopLevelValuesAsQuery() {
    HttpJsonRequest request = HttpJsonRequest.of(call(binding("GET", "/licence/{licenceType}/query"),
        new JsonObject().put("baseUrl", "http://licence.example"),
        new JsonObject().put("licenceType", "出生 证明/1").put("region", "330106").put("price", 3)));

    assertThat(request.body()).isNull();
    assertThat(request.url()).isEqualTo(
        "http://licence.example/licence/%E5%87%BA%E7%94%9F%20%E8%AF%81%E6%98%8E%2F1/query?region=330106");
  }

  @Test
  void aMissingPathParameterIsRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> HttpJsonRequest.of(call(binding("POST", "/licence/{licenceType}/query"),
        new JsonObject().put("baseUrl", "http://licence.example"), new JsonObject())))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("licenceType")
        .extracting(e -> ((ConnectorException) e).kind()).isEqualTo(ConnectorException.Kind.REJECTED);
  }

  @Test
  void theSecretIsLookedUpByNameAndSentInTheConfiguredHeader() {
    JsonObject binding = binding("POST", "/x");
    assertThat(HttpJsonRequest.of(call(binding, new JsonObject().put("baseUrl", "http://a.example")
        .put("secretRef", "SIM_KEY"), new JsonObject())).headers())
        .containsEntry("Authorization", "Bearer s3cret");
    assertThat(HttpJsonRequest.of(call(binding, new JsonObject().put("baseUrl", "http://a.example")
        .put("secretRef", "SIM_KEY").put("secretHeader", "X-Api-Key")
        .put("headers", new JsonObject().put("X-Region", "330000")), new JsonObject())).headers())
        .containsEntry("X-Api-Key", "s3cret").containsEntry("X-Region", "330000");
    assertThatThrownBy(() -> HttpJsonRequest.of(call(binding, new JsonObject().put("baseUrl", "http://a.example")
        .put("secretRef", "MISSING_KEY"), new JsonObject())))
        .hasMessageContaining("ONETHING_SECRET_MISSING_KEY");
  }

  @Test
  void configurationCheckRefusesCredentialsWrittenIntoHeaders() {
    HttpJsonConnectorFactory factory = new HttpJsonConnectorFactory();
    assertThat(factory.validate(new JsonObject().put("baseUrl", "https://dzzz.zj.gov.cn/api")
        .put("secretRef", "ZJ_LICENCE").put("secretHeader", "X-Api-Key"))).isEmpty();
    assertThat(factory.validate(new JsonObject().put("baseUrl", "ftp://x")
        .put("headers", new JsonObject().put("X-Api-Key", "plain").put("Content-Type", "text/plain"))))
        .extracting(v -> v.pointer())
        .containsExactly("/baseUrl", "/headers/X-Api-Key", "/headers/Content-Type");
  }
}
