package cn.onething.simulator.signature;

import cn.onething.simulator.data.Person;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveGenParameterSpec;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * 模拟电子认证服务 — an SM2 root CA made at start, and an SM2 key pair with a certificate per signer, made on the
 * signer's first signature and kept for the run. Nothing here is a real CA: the keys die with the process.
 */
public final class SimulatorCa {

  public static final String ALGORITHM = "SM3withSM2";
  public static final String CURVE = "sm2p256v1";
  /** The SM2 user ID (GB/T 35276 default) that enters Z_A; verifiers must use the same. */
  public static final String USER_ID = "1234567812345678";
  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration SIGNER_VALIDITY = Duration.ofDays(730);

  /** A signer's key pair and certificate. */
  public record Signer(KeyPair keys, X509Certificate certificate, String certificatePem) {
  }

  private final KeyPair caKeys;
  private final X509Certificate caCertificate;
  private final String caPem;
  private final X500Name caName;
  private final Map<String, Signer> signers = new ConcurrentHashMap<>();
  private final AtomicLong serials = new AtomicLong(1000);

  private SimulatorCa() throws GeneralSecurityException, OperatorCreationException {
    caKeys = newKeyPair();
    caName = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN").addRDN(BCStyle.O, "OneThing")
        .addRDN(BCStyle.CN, "OneThing 部门系统模拟器 SM2 根证书").build();
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(CA_VALIDITY)), caName, caKeys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    caCertificate = toCertificate(builder, caKeys.getPrivate());
    caPem = pem(caCertificate);
  }

  /** Generates the CA (a few milliseconds: call it off the event loop). */
  public static SimulatorCa create() {
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
    try {
      return new SimulatorCa();
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("SM2 根证书生成失败", e);
    }
  }

  public X509Certificate certificate() {
    return caCertificate;
  }

  public String certificatePem() {
    return caPem;
  }

  /** The signer of a person: subject {@code CN=name, SERIALNUMBER=ID number, C=CN}, issued by the CA. */
  public Signer signerFor(Person person) {
    return signers.computeIfAbsent(person.idNumber(), id -> newSigner(person));
  }

  /** DER SM2 signature, SM3withSM2 with {@link #USER_ID}, over exactly {@code message}. */
  public byte[] sign(Signer signer, byte[] message) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM, BouncyCastleProvider.PROVIDER_NAME);
      signature.setParameter(new SM2ParameterSpec(USER_ID.getBytes(StandardCharsets.US_ASCII)));
      signature.initSign(signer.keys().getPrivate());
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SM2 签名失败", e);
    }
  }

  private Signer newSigner(Person person) {
    try {
      KeyPair keys = newKeyPair();
      X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN")
          .addRDN(BCStyle.CN, person.name()).addRDN(BCStyle.SERIALNUMBER, person.idNumber()).build();
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caName,
          BigInteger.valueOf(serials.incrementAndGet()), Date.from(now.minus(Duration.ofDays(1))),
          Date.from(now.plus(SIGNER_VALIDITY)), subject, keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
      X509Certificate certificate = toCertificate(builder, caKeys.getPrivate());
      return new Signer(keys, certificate, pem(certificate));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("签名证书生成失败", e);
    }
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastleProvider.PROVIDER_NAME);
    generator.initialize(new ECNamedCurveGenParameterSpec(CURVE), new SecureRandom());
    return generator.generateKeyPair();
  }

  private static X509Certificate toCertificate(JcaX509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter().setProvider(BouncyCastleProvider.PROVIDER_NAME).getCertificate(
        builder.build(new JcaContentSignerBuilder(ALGORITHM).setProvider(BouncyCastleProvider.PROVIDER_NAME)
            .build(issuerKey)));
  }

  private static String pem(X509Certificate certificate) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
