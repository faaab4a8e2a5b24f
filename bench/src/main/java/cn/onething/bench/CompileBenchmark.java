package cn.onething.bench;

import cn.onething.catalogue.CatalogueFiles;
import cn.onething.catalogue.CatalogueIndex;
import cn.onething.compose.Member;
import cn.onething.compose.ReleaseCompiler;
import cn.onething.compose.ServiceDefinition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * 编译基准 — compiling a 10-matter service (企业开办 and 企业投资项目 together: 10 national matters,
 * their orderings, every e-licence available) from the national catalogue. Sample mode, so the
 * output has p50/p90/p99. Run: {@code ./onething bench compile}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class CompileBenchmark {
  private CatalogueIndex index;
  private ServiceDefinition service;

  @Setup
  public void load() {
    List<JsonObject> all = new ArrayList<>();
    Map<String, JsonObject> byRef = new LinkedHashMap<>();
    Set<String> licences = new HashSet<>();
    for (CatalogueFiles.TemplateFile file : CatalogueFiles.read(Path.of(System.getProperty("onething.templates", "templates")))) {
      JsonObject t = file.template();
      all.add(t);
      byRef.put(t.getString("publisher") + "/" + t.getString("slug"), t);
      t.getJsonArray("licenceTypes", new JsonArray()).forEach(l -> {
        if (l instanceof JsonObject licence) {
          licences.add(licence.getString("id"));
        }
      });
    }
    index = CatalogueIndex.of(all);
    List<Member> members = new ArrayList<>();
    List<JsonObject> ordering = new ArrayList<>();
    for (String pack : List.of("national/company-opening", "national/investment-project")) {
      JsonObject p = byRef.get(pack);
      for (Object m : p.getJsonArray("members")) {
        String ref = ((JsonObject) m).getString("matter");
        members.add(new Member(ref, byRef.get(ref).getString("version"), byRef.get(ref), "/members/" + members.size()));
      }
      p.getJsonArray("ordering", new JsonArray()).forEach(o -> ordering.add((JsonObject) o));
    }
    if (members.size() != 10) {
      throw new IllegalStateException("expected 10 matters, got " + members.size());
    }
    service = new ServiceDefinition("330000", "企业开办与投资项目", members, ordering, new JsonObject(), licences);
  }

  @Benchmark
  public JsonObject compileTenMatters() {
    ReleaseCompiler.Compilation compiled = ReleaseCompiler.compile(service, index);
    if (!compiled.ok()) {
      throw new IllegalStateException(compiled.diagnostics().toString());
    }
    return compiled.release();
  }
}
