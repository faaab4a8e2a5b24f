package cn.onething.apply;

import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * 材料文件 — what an uploaded file is, judged from its bytes (never from the name or the
 * declared type): PDF, JPEG or PNG, within the size limit; and its SHA-256, by which it is stored
 * once per owner.
 */
public final class Uploads {
  public static final int MAX_BYTES = 10 * 1024 * 1024;

  private Uploads() {}

  /** The content type the bytes show, or empty when they are none of the accepted kinds. */
  public static Optional<String> sniff(Buffer bytes) {
    if (startsWith(bytes, new byte[] {'%', 'P', 'D', 'F', '-'})) {
      return Optional.of("application/pdf");
    }
    if (startsWith(bytes, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
      return Optional.of("image/jpeg");
    }
    if (startsWith(bytes, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
      return Optional.of("image/png");
    }
    return Optional.empty();
  }

  public static String sha256(Buffer bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A file name as the citizen gave it, made safe to show and store. */
  public static String cleanName(String name) {
    if (name == null) {
      return null;
    }
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"<>]", "").strip();
    if (base.isEmpty()) {
      return null;
    }
    return base.length() > 120 ? base.substring(0, 120) : base;
  }

  private static boolean startsWith(Buffer bytes, byte[] magic) {
    if (bytes.length() < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (bytes.getByte(i) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
