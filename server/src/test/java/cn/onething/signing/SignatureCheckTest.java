package cn.onething.signing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.simulator.DeptSimulator;
import cn.onething.simulator.SimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signatures made by the simulator's e-signature service, checked by the server itself with
 * BouncyCastle: a good one passes; a changed document, another person's certificate, a
 * certificate from an untrusted root and a mangled signature fail.
 */
class SignatureCheckTest {
  static final String LI_NA = "330106199208151424";
  static final String ZHANG_WEI = "330106199003071236";
  static Vertx vertx;
  static DeptSimulator simulator;
  static SignatureCheck check;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    simulator = DeptSimulator.start(vertx, SimulatorConfig.onPort(0)).await();
    check = new SignatureCheck(call("GET", "/sign/v1/ca", null).getString("certificate"));
  }

  @AfterAll
  static void stop() {
    simulator.close().await();
    vertx.close().await();
  }

  static JsonObject call(String method, String path, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + path))
        .header("X-Api-Key", SimulatorConfig.DEFAULT_API_KEY).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    return new JsonObject(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  static JsonObject sign(String signer, byte[] digest) throws Exception {
    return call("POST", "/sign/v1/signatures", new JsonObject().put("signerIdNumber", signer)
        .put("digest", HexFormat.of().formatHex(digest)));
  }

  @Test
  void aSignatureOverTheDocumentByTheRightPersonIsValid() throws Exception {
    byte[] digest = SignatureCheck.sm3("告知承诺书：本人承诺所填信息真实。李娜 2026-11-27".getBytes(StandardCharsets.UTF_8));
    JsonObject signed = sign(LI_NA, digest);
    SignatureCheck.Verdict verdict = check.verify(digest, signed.getString("signature"), signed.getString("certificate"),
        LI_NA, Instant.now());
    assertThat(verdict.valid()).as(String.valueOf(verdict.reason())).isTrue();
    assertThat(verdict.signerName()).isEqualTo("李娜");
    assertThat(verdict.signerIdNumber()).isEqualTo(LI_NA);
  }

  @Test
  void aChangedDocumentAnotherSignerOrAnUntrustedRootFail() throws Exception {
    byte[] digest = SignatureCheck.sm3("告知承诺书 v1".getBytes(StandardCharsets.UTF_8));
    JsonObject signed = sign(LI_NA, digest);
    byte[] tampered = SignatureCheck.sm3("告知承诺书 v2".getBytes(StandardCharsets.UTF_8));
    assertThat(check.verify(tampered, signed.getString("signature"), signed.getString("certificate"), LI_NA, Instant.now())
        .reason()).contains("文档可能已被改动");

    JsonObject byHusband = sign(ZHANG_WEI, digest);
    assertThat(check.verify(digest, byHusband.getString("signature"), byHusband.getString("certificate"), LI_NA,
        Instant.now()).reason()).contains("不是本人");

    String mangled = "A" + signed.getString("signature").substring(1);
    assertThat(check.verify(digest, mangled, signed.getString("certificate"), LI_NA, Instant.now()).valid()).isFalse();

    // Another simulator has another root: its certificates are not trusted here.
    Vertx otherVertx = Vertx.vertx();
    DeptSimulator other = DeptSimulator.start(otherVertx, SimulatorConfig.onPort(0)).await();
    try {
      SignatureCheck trustsOther = new SignatureCheck(
          new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/sign/v1/ca"))
              .header("X-Api-Key", SimulatorConfig.DEFAULT_API_KEY).build(), HttpResponse.BodyHandlers.ofString()).body())
              .getString("certificate"));
      assertThat(trustsOther.verify(digest, signed.getString("signature"), signed.getString("certificate"), LI_NA,
          Instant.now()).reason()).contains("受信任");
    } finally {
      other.close().await();
      otherVertx.close().await();
    }
  }
}
