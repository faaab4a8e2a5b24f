package cn.onething.simulator.signature;

import cn.onething.simulator.data.ChinaTime;
import cn.onething.simulator.data.Person;
import cn.onething.simulator.data.World;
import cn.onething.simulator.http.Call;
import cn.onething.simulator.http.Contracts;
import cn.onething.simulator.http.Endpoint;
import cn.onething.simulator.http.Reply;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * 电子签章 — the CA certificate and SM2 signatures. What is signed is the 32 raw bytes the hex {@code digest}
 * decodes to (the SM3 digest of the document), as the message of SM3withSM2 with user ID 1234567812345678:
 * signature = SM2-Sign(SM3(Z_A ‖ digestBytes)). Signing changes no state, so it needs no {@code X-Request-Id}.
 */
public final class SignatureEndpoints {

  private final Supplier<World> world;
  private final SimulatorCa ca;

  public SignatureEndpoints(Supplier<World> world, SimulatorCa ca) {
    this.world = world;
    this.ca = ca;
  }

  public List<Endpoint> endpoints() {
    return List.of(
        Endpoint.of(Contracts.extra("GET /sign/v1/ca"), call -> Reply.ok(new JsonObject()
            .put("certificate", ca.certificatePem()).put("algorithm", SimulatorCa.ALGORITHM))),
        Endpoint.of(Contracts.extra("POST /sign/v1/signatures"), this::sign));
  }

  Reply sign(Call call) {
    Optional<Person> signer = world.get().person(call.string("signerIdNumber"));
    if (signer.isEmpty()) {
      return Reply.rejected("SIGNER_NOT_FOUND", "查无此签署人：人口库中没有该公民身份号码，无法签发签名证书");
    }
    byte[] digest = HexFormat.of().parseHex(call.string("digest").toLowerCase());
    SimulatorCa.Signer s = ca.signerFor(signer.get());
    return Reply.ok(new JsonObject()
        .put("signature", Base64.getEncoder().encodeToString(ca.sign(s, digest)))
        .put("certificate", s.certificatePem())
        .put("algorithm", SimulatorCa.ALGORITHM)
        .put("userId", SimulatorCa.USER_ID)
        .put("certificateSerial", s.certificate().getSerialNumber().toString(16))
        .put("signedAt", ChinaTime.now().toString()));
  }
}
