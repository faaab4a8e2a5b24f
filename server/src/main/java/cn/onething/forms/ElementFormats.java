package cn.onething.forms;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.format.Format;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * 数据元格式 — the {@code format} names data elements use, as JSON Schema formats the
 * networknt validator asserts: real validators, check digits included.
 */
public final class ElementFormats {
  private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
  private static final Pattern POSTAL_CODE = Pattern.compile("[0-9]{6}");
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

  private ElementFormats() {}

  /** Every format a template may name, in the order the format reference lists them. */
  public static List<Format> all() {
    return List.of(
        format("gb11643", "应为有效的公民身份号码（18 位，末位校验码正确）", CheckDigits::isCitizenIdNumber),
        format("uscc", "应为有效的统一社会信用代码（18 位，末位校验码正确）", CheckDigits::isUnifiedSocialCreditCode),
        format("region-code", "应为有效的行政区划代码（6 位，GB/T 2260）", RegionDirectory::isKnown),
        format("mobile", "应为 11 位手机号码", v -> MOBILE.matcher(v).matches()),
        format("postal-code", "应为 6 位邮政编码", v -> POSTAL_CODE.matcher(v).matches()),
        format("email", "应为有效的电子邮箱地址", v -> v.length() <= 254 && EMAIL.matcher(v).matches()));
  }

  /** The Chinese sentence for a format, for messages outside the validator. */
  public static String describe(String name) {
    return all().stream().filter(f -> f.getName().equals(name)).findFirst()
        .map(f -> ((Named) f).message).orElse("格式不正确");
  }

  private static Format format(String name, String message, Predicate<String> test) {
    return new Named(name, message, test);
  }

  private record Named(String name, String message, Predicate<String> test) implements Format {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean matches(ExecutionContext executionContext, String value) {
      return test.test(value);
    }
  }
}
