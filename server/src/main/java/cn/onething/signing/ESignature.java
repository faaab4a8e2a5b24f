package cn.onething.signing;

import cn.onething.http.ProblemException;
import cn.onething.http.Problems;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HexFormat;

/**
 * 电子签章服务 — asks the e-signature service to sign a document digest for a person, then checks
 * the answer ourselves ({@link SignatureCheck}) against the service's root certificate, fetched
 * once and kept: the service's word is never taken for it.
 */
public final class ESignature {
  private final HttpClient client;
  private final String baseUrl;
  private final String apiKey;
  private volatile SignatureCheck check;

  public ESignature(Vertx vertx, String baseUrl, String apiKey) {
    this.client = vertx.createHttpClient();
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
  }

  /** A signature made and verified: who signed, the certificate serial, the signature itself. */
  public record Signed(SignatureCheck.Verdict verdict, String signature, String certificate) {}

  public Future<Signed> sign(String signerIdNumber, byte[] digest) {
    return trust().compose(trusted -> call(HttpMethod.POST, "/sign/v1/signatures", new JsonObject()
        .put("signerIdNumber", signerIdNumber).put("digest", HexFormat.of().formatHex(digest))).map(answer -> {
          String signature = answer.getString("signature");
          String certificate = answer.getString("certificate");
          if (signature == null || certificate == null) {
            throw Problems.unavailable("电子签章服务未能签名：" + answer.getString("message", "没有返回签名")
                + "。您的申请已保存，请稍后再签名。");
          }
          return new Signed(trusted.verify(digest, signature, certificate, signerIdNumber, Instant.now()), signature, certificate);
        })).recover(e -> Future.failedFuture(e instanceof ProblemException ? e
            : Problems.unavailable("暂时无法连接电子签章服务，您的申请已保存，请稍后再签名。")));
  }

  private Future<SignatureCheck> trust() {
    SignatureCheck known = check;
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return call(HttpMethod.GET, "/sign/v1/ca", null).map(answer -> {
      check = new SignatureCheck(answer.getString("certificate"));
      return check;
    });
  }

  private Future<JsonObject> call(HttpMethod method, String path, JsonObject body) {
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(baseUrl + path)
        .putHeader("X-Api-Key", apiKey).putHeader("Content-Type", "application/json").setIdleTimeout(5000);
    // body() in the same callback the response arrives in (see HttpJsonConnector).
    return client.request(options)
        .compose(req -> (body == null ? req.send() : req.send(Buffer.buffer(body.encode()))).compose(resp -> resp.body()))
        .map(b -> new JsonObject(b));
  }
}
