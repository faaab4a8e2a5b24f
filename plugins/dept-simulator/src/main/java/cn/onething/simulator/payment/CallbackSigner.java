package cn.onething.simulator.payment;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code X-Pay-Signature}: lower-case hex of HMAC-SHA256(payment secret, exact callback body bytes). */
public final class CallbackSigner {

  public static final String HEADER = "X-Pay-Signature";
  private static final String ALGORITHM = "HmacSHA256";

  private CallbackSigner() {
  }

  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
