package cn.onething.privacy;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %maskedMsg}: the log message with ID and mobile numbers masked (see logback.xml). */
public final class MaskedMessageConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return Masking.text(super.convert(event));
  }
}
