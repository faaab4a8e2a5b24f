package cn.onething.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules under the Graal compiler, as {@code ./onething run} starts the server when the build's
 * compiler ({@code target/jvmci}) matches the JDK: the engine really compiles (not the
 * interpreter's fallback), results agree with what they must be across 300,000 evaluations, and
 * the limits still stop endless loops and recursion once the code around them is compiled. The
 * other tests run the interpreter, which is what a JDK of another update gets.
 */
class CompiledRulesTest {
  @Test
  void compiledRulesGiveTheSameResultsAndStayWithinTheirLimits() throws Exception {
    Path jvmci = Path.of("target", "jvmci");
    String compilerVersion;
    try (Stream<Path> jars = Files.list(jvmci)) {
      compilerVersion = jars.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("compiler-"))
          .map(n -> n.substring("compiler-".length(), n.length() - ".jar".length())).findFirst().orElseThrow();
    }
    // The launcher runs the interpreter on any other JDK, and says so; so does this test.
    assumeTrue(compilerVersion.equals(System.getProperty("java.version")),
        "the Graal compiler " + compilerVersion + " is for another JDK than " + System.getProperty("java.version"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process probe = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "--upgrade-module-path=" + jvmci.toAbsolutePath(),
        "-Dpolyglot.engine.WarnInterpreterOnly=false", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        CompiledRulesProbe.class.getName()).redirectErrorStream(true).start();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor(3, TimeUnit.MINUTES)).isTrue();
    System.out.println(output);
    List<String> lines = output.lines().toList();
    assertThat(lines).as(output).contains("compiled=true", "wrong=0", "after=true");
    List<String> hostile = lines.stream().filter(l -> l.startsWith("hostile=")).toList();
    assertThat(hostile).as(output).hasSize(4);
    assertThat(hostile.subList(0, 3)).allSatisfy(l -> assertThat(l).matches("hostile=(stopped|error) ms=\\d+"));
    assertThat(hostile.get(3)).as("a rule that writes to the form fails").startsWith("hostile=error");
    for (String l : hostile) {
      assertThat(Long.parseLong(l.substring(l.indexOf("ms=") + 3))).as(l).isLessThan(10_000);
    }
    assertThat(probe.exitValue()).isZero();
  }

  @Test
  void theBuildShipsTheCompilerAndItsModules() throws IOException {
    try (Stream<Path> jars = Files.list(Path.of("target", "jvmci"))) {
      assertThat(jars.map(p -> p.getFileName().toString().replaceAll("-[0-9.]+\\.jar$", "")).toList())
          .containsExactlyInAnyOrder("compiler", "truffle-compiler", "word", "collections");
    }
  }
}
