package cn.onething.bench;

import cn.onething.apply.FormCheck;
import cn.onething.forms.SchemaProblems;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * 表单结构校验基准 — one JSON Schema validation of the newborn form with the schema
 * {@link FormCheck} compiles for the release, against Jackson parsing the same document. Also the
 * path {@code FormCheck} takes (the Vert.x object encoded, parsed, validated and the problems
 * mapped) and the schema cache look-up. Needs {@code -Donething.bench.release} (the release
 * content as JSON; {@code ./onething bench runtime} writes it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class SchemaBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private JsonObject release;
  private Schema schema;
  private JsonObject form;
  private String document;
  private JsonNode node;

  @Setup
  public void setUp() throws Exception {
    String file = System.getProperty("onething.bench.release");
    if (file == null) {
      throw new IllegalStateException("-Donething.bench.release=<release content JSON> is needed");
    }
    release = new JsonObject(Files.readString(Path.of(file), StandardCharsets.UTF_8));
    schema = FormCheck.compiledSchema(release);
    form = NewbornSubmission.data();
    document = form.encode();
    node = MAPPER.readTree(document);
    List<Error> errors = schema.validate(node);
    if (!errors.isEmpty()) {
      throw new IllegalStateException("the newborn form should be valid: " + errors);
    }
  }

  @Benchmark
  public List<Error> validate() {
    return schema.validate(node);
  }

  @Benchmark
  public JsonNode jacksonParse() {
    return MAPPER.readTree(document);
  }

  @Benchmark
  public List<SchemaProblems.SchemaProblem> formCheckPath() {
    return SchemaProblems.of(FormCheck.compiledSchema(release), form);
  }

  @Benchmark
  public Schema schemaLookup() {
    return FormCheck.compiledSchema(release);
  }
}
