package cn.onething.privacy;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * {@code %maskedEx}: stack traces with ID and mobile numbers masked — a database error can quote
 * the row it refused ("Key (id_number)=(…) already exists").
 */
public final class MaskedThrowableConverter extends ThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    return Masking.text(super.throwableProxyToString(proxy));
  }
}
