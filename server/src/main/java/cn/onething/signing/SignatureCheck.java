package cn.onething.signing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Security;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * 电子签名核验 — checks an SM2/SM3 signature ourselves with BouncyCastle, never taking the
 * signature service's word for it: the certificate must be issued by the trusted root and valid
 * now, name the expected signer (its SERIALNUMBER is their ID number), and its key must verify
 * the signature over the document's SM3 digest (SM2 user id {@value #USER_ID}).
 */
public final class SignatureCheck {
  public static final String USER_ID = "1234567812345678";
  private static final String PROVIDER = BouncyCastleProvider.PROVIDER_NAME;

  static {
    if (Security.getProvider(PROVIDER) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  /** The outcome: valid, or why not (in Chinese), and who signed according to the certificate. */
  public record Verdict(boolean valid, String reason, String signerIdNumber, String signerName, String certificateSerial) {
    static Verdict no(String reason) {
      return new Verdict(false, reason, null, null, null);
    }
  }

  private final X509Certificate root;

  /** Trusts certificates issued by {@code rootPem}. */
  public SignatureCheck(String rootPem) {
    this.root = certificate(rootPem);
  }

  public X509Certificate root() {
    return root;
  }

  /**
   * @param digest the SM3 digest of the document, as the server computed it from its own copy
   * @param expectedSigner the ID number of the person who should have signed
   */
  public Verdict verify(byte[] digest, String signatureBase64, String certificatePem, String expectedSigner, Instant at) {
    X509Certificate certificate;
    try {
      certificate = certificate(certificatePem);
    } catch (IllegalArgumentException e) {
      return Verdict.no("签名证书无法解析");
    }
    try {
      certificate.verify(root.getPublicKey(), PROVIDER);
    } catch (GeneralSecurityException e) {
      return Verdict.no("签名证书不是受信任的电子认证机构签发的");
    }
    try {
      certificate.checkValidity(Date.from(at));
    } catch (GeneralSecurityException e) {
      return Verdict.no("签名证书不在有效期内");
    }
    X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    String idNumber = attribute(subject, BCStyle.SERIALNUMBER);
    String name = attribute(subject, BCStyle.CN);
    if (expectedSigner != null && !expectedSigner.equals(idNumber)) {
      return new Verdict(false, "签名人不是本人：证书属于另一人", idNumber, name, certificate.getSerialNumber().toString(16));
    }
    try {
      Signature verifier = Signature.getInstance("SM3withSM2", PROVIDER);
      verifier.setParameter(new SM2ParameterSpec(USER_ID.getBytes(StandardCharsets.US_ASCII)));
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(digest);
      boolean ok = verifier.verify(Base64.getDecoder().decode(signatureBase64));
      return new Verdict(ok, ok ? null : "签名与文档不符：文档可能已被改动", idNumber, name,
          certificate.getSerialNumber().toString(16));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return new Verdict(false, "签名格式无效", idNumber, name, certificate.getSerialNumber().toString(16));
    }
  }

  /** The SM3 digest of a document, as the signature covers it. */
  public static byte[] sm3(byte[] document) {
    try {
      return java.security.MessageDigest.getInstance("SM3", PROVIDER).digest(document);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static X509Certificate certificate(String pem) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509", PROVIDER);
      return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("不是有效的 PEM 证书", e);
    }
  }

  private static String attribute(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
    RDN[] rdns = name.getRDNs(oid);
    return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }

}
