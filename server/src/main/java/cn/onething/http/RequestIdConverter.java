package cn.onething.http;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback's {@code %requestId}: the id of the request this log line was written for, or "-". */
public final class RequestIdConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    String id = RequestIds.current();
    return id == null ? "-" : id;
  }
}
