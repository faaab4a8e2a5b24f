package cn.onething.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.junit.jupiter.api.Test;

/**
 * Which of GraalJS's sandbox policies the pinned version supports on this JDK: the sandbox uses the
 * strictest that works, and this test says so — if an upgrade (or the isolate artifacts) makes a
 * stricter one work, it fails and asks for the sandbox to move up.
 */
class SandboxPolicyTest {
  static String tryPolicy(SandboxPolicy policy) {
    try (Engine engine = Engine.newBuilder("js").sandbox(policy).out(OutputStream.nullOutputStream())
        .err(OutputStream.nullOutputStream()).option("engine.WarnInterpreterOnly", "false").build();
         Context c = Context.newBuilder("js").engine(engine).sandbox(policy).out(OutputStream.nullOutputStream())
             .err(OutputStream.nullOutputStream()).build()) {
      return String.valueOf(c.eval("js", "6 * 7").asInt());
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  @Test
  void theSandboxUsesTheStrictestPolicyThatWorksHere() {
    assertThat(tryPolicy(SandboxPolicy.TRUSTED)).isEqualTo("42");
    assertThat(tryPolicy(SandboxPolicy.CONSTRAINED)).isEqualTo("42");
    // Refused, in the words of the GraalJS version: "isolate" artifacts missing (25.5), or "only
    // supports the TRUSTED or CONSTRAINED" policies without them (25.0).
    assertThat(tryPolicy(SandboxPolicy.ISOLATED)).as("needs the polyglot isolate artifacts")
        .containsAnyOf("isolate", "only supports the TRUSTED or CONSTRAINED");
    assertThat(tryPolicy(SandboxPolicy.UNTRUSTED)).as("needs the polyglot isolate artifacts")
        .containsAnyOf("isolate", "only supports the TRUSTED or CONSTRAINED");
    assertThat(RuleSandbox.POLICY).isEqualTo(SandboxPolicy.CONSTRAINED);
  }
}
