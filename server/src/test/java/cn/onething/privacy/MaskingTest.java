package cn.onething.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MaskingTest {
  @Test
  void valuesAreMaskedSoPeopleCanBeToldApartButNumbersNotUsed() {
    assertThat(Masking.value("330106199208151424")).isEqualTo("330106********1424");
    assertThat(Masking.value("13800138000")).isEqualTo("138****8000");
    assertThat(Masking.value("12345")).isEqualTo("*****");
  }

  @Test
  void textMasksEveryIdAndMobileNumberAndLeavesOtherNumbersAlone() {
    assertThat(Masking.text("李娜 330106199208151424 电话13800138000，父亲 33010619900307123X。"))
        .isEqualTo("李娜 330106********1424 电话138****8000，父亲 330106********123X。");
    assertThat(Masking.text("申请 9f2c1e 用时 1234567 ms，订单 2026112700000000001234，端口 5432"))
        .as("longer or shorter numbers and ids are not ID or mobile numbers")
        .isEqualTo("申请 9f2c1e 用时 1234567 ms，订单 2026112700000000001234，端口 5432");
    assertThat(Masking.text(null)).isNull();
  }

  /** The server's own logback.xml, as shipped: a message and a stack trace carrying ID numbers. */
  @Test
  @SuppressWarnings("unchecked")
  void theServerLogNeverHoldsAFullIdNumber() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(MaskingTest.class.getResource("/logback.xml"));
    var appender = (OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>) context.getLogger("ROOT")
        .getAppender("CONSOLE");
    Encoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder = appender.getEncoder();
    var logger = context.getLogger("cn.onething.test");
    LoggingEvent event = new LoggingEvent(ch.qos.logback.classic.Logger.FQCN, logger, Level.ERROR,
        "提交失败：申请人 {} 手机 {}", new IllegalStateException("Key (id_number)=(330106199003071236) already exists"),
        new Object[] {"330106199208151424", "13800138000"});
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertThat(line).contains("提交失败：申请人 330106********1424 手机 138****8000")
        .contains("Key (id_number)=(330106********1236) already exists")
        .contains("at cn.onething.privacy.MaskingTest")
        .doesNotContain("330106199208151424").doesNotContain("330106199003071236").doesNotContain("13800138000");
    context.stop();
  }
}
