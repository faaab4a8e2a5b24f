package cn.onething.simulator.data;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;

/**
 * 电子证照 — an e-licence in the national e-licence library, held by a person (ID number) or an enterprise (USCC).
 *
 * @param data the licence face (照面信息) as given at issue time; may be empty
 */
public record Licence(String licenceId, String type, String holderId, String holderName, String licenceNo,
                      LocalDate issuedAt, String issuer, boolean valid, JsonObject data) {

  public Licence invalidated() {
    return new Licence(licenceId, type, holderId, holderName, licenceNo, issuedAt, issuer, false, data);
  }
}
