package cn.onething.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.simulator.data.SeedData;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SM2 signatures verify with BouncyCastle against the signer's certificate, which chains to the simulator CA. */
class SignatureTest {

  private static Vertx vertx;
  private static DeptSimulator simulator;
  private static SimClient client;

  @BeforeAll
  static void start() {
    Security.addProvider(new BouncyCastleProvider());
    vertx = Vertx.vertx();
    simulator = DeptSimulator.start(vertx, SimulatorConfig.onPort(0)).await();
    client = new SimClient(simulator);
  }

  @AfterAll
  static void stop() {
    simulator.close().await();
    vertx.close().await();
  }

  @Test
  void aSignatureVerifiesAndTheCertificateChainsToTheCa() throws Exception {
    byte[] document = "张伟 申请不动产转移登记".getBytes(StandardCharsets.UTF_8);
    SM3Digest sm3 = new SM3Digest();
    sm3.update(document, 0, document.length);
    byte[] digest = new byte[32];
    sm3.doFinal(digest, 0);

    SimClient.Response signed = client.post("/sign/v1/signatures", new JsonObject()
        .put("signerIdNumber", SeedData.ZHANG_WEI).put("digest", HexFormat.of().formatHex(digest)));
    assertThat(signed.status()).as(signed.body()).isEqualTo(200);
    assertThat(signed.json().getString("algorithm")).isEqualTo("SM3withSM2");

    X509Certificate signer = certificate(signed.json().getString("certificate"));
    X509Certificate ca = certificate(client.get("/sign/v1/ca").json().getString("certificate"));

    Signature verifier = Signature.getInstance("SM3withSM2", "BC");
    verifier.setParameter(new SM2ParameterSpec("1234567812345678".getBytes(StandardCharsets.US_ASCII)));
    verifier.initVerify(signer.getPublicKey());
    verifier.update(digest);
    assertThat(verifier.verify(Base64.getDecoder().decode(signed.json().getString("signature")))).isTrue();

    signer.verify(ca.getPublicKey(), "BC");
    ca.verify(ca.getPublicKey(), "BC");
    signer.checkValidity();
    assertThat(signer.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    X500Name subject = new X500Name(signer.getSubjectX500Principal().getName());
    assertThat(IETFUtils.valueToString(subject.getRDNs(BCStyle.CN)[0].getFirst().getValue())).isEqualTo("张伟");
    assertThat(IETFUtils.valueToString(subject.getRDNs(BCStyle.SERIALNUMBER)[0].getFirst().getValue()))
        .isEqualTo(SeedData.ZHANG_WEI);

    verifier.initVerify(signer.getPublicKey());
    verifier.update(new byte[32]);
    assertThat(verifier.verify(Base64.getDecoder().decode(signed.json().getString("signature")))).isFalse();
  }

  @Test
  void theSameSignerKeepsOneCertificate() {
    JsonObject request = new JsonObject().put("signerIdNumber", SeedData.LI_NA).put("digest", "ab".repeat(32));
    String first = client.post("/sign/v1/signatures", request).json().getString("certificate");
    String second = client.post("/sign/v1/signatures", request).json().getString("certificate");
    assertThat(second).isEqualTo(first);
  }

  @Test
  void anUnknownSignerIs422AndABadDigest400() {
    SimClient.Response unknown = client.post("/sign/v1/signatures", new JsonObject()
        .put("signerIdNumber", "330106200001010011").put("digest", "00".repeat(32)));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().getString("code")).isEqualTo("SIGNER_NOT_FOUND");
    SimClient.Response shortDigest = client.post("/sign/v1/signatures", new JsonObject()
        .put("signerIdNumber", SeedData.ZHANG_WEI).put("digest", "abcd"));
    assertThat(shortDigest.status()).isEqualTo(400);
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509", "BC")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }
}
