package cn.onething.forms;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

public class SchemaLimitsTest {
  /**
   * Schemas that, compiled and run as they are, fetch from another machine or a file, overflow the
   * stack, or (the fan-out: thirty definitions each referring to the next twice) ran for 208 s and
   * ended in an OutOfMemoryError when this was measured. Each with the pointer and words expected.
   */
  static Map<String, String[]> hostile() {
    Map<String, String[]> cases = new LinkedHashMap<>();
    cases.put("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"http://169.254.169.254/latest\"}}}",
        new String[] {"/properties/a/$ref", "不能引用其他文件或网址"});
    cases.put("{\"properties\":{\"a\":{\"$ref\":\"file:///etc/passwd\"}}}", new String[] {"/properties/a/$ref", "其他文件"});
    cases.put("{\"$ref\":\"other.json#/x\"}", new String[] {"/$ref", "其他文件"});
    cases.put("{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}",
        new String[] {"$ref", "循环"});
    cases.put("{\"$ref\":\"#\"}", new String[] {"$ref", "循环"});
    cases.put("{\"allOf\":[{\"$ref\":\"#\"}]}", new String[] {"$ref", "循环"});
    cases.put("{\"properties\":{\"next\":{\"$ref\":\"#\"}}}", new String[] {"$ref", "循环"});
    cases.put("{\"$ref\":\"#/$defs/missing\"}", new String[] {"/$ref", "不存在"});
    cases.put("{\"$id\":\"http://evil.example/\",\"type\":\"object\"}", new String[] {"/$id", "不支持"});
    cases.put("{\"$dynamicRef\":\"#meta\"}", new String[] {"/$dynamicRef", "不支持"});
    cases.put("{\"$defs\":{\"a\":{\"$anchor\":\"x\"}}}", new String[] {"/$defs/a/$anchor", "不支持"});
    cases.put("{\"$schema\":\"http://json-schema.org/draft-04/schema#\"}", new String[] {"/$schema", "2020-12"});
    cases.put(new JsonObject().put("properties", new JsonObject().put("a", new JsonObject().put("pattern", "a".repeat(301))))
        .encode(), new String[] {"/properties/a/pattern", "过长"});
    cases.put(fanOut(30), new String[] {"", "展开引用后过大"});
    cases.put("{\"properties\":{\"a\":" + "{\"items\":".repeat(40) + "{}" + "}".repeat(40) + "}}", new String[] {"/properties/a/items", "嵌套过深"});
    cases.put(new JsonObject().put("description", "长".repeat(30_000)).encode(), new String[] {"", "过大"});
    return cases;
  }

  public static String fanOut(int levels) {
    JsonObject defs = new JsonObject();
    for (int i = 0; i < levels; i++) {
      String next = "#/$defs/d" + (i + 1);
      defs.put("d" + i, new JsonObject().put("anyOf", new JsonArray().add(new JsonObject().put("$ref", next))
          .add(new JsonObject().put("allOf", new JsonArray().add(new JsonObject().put("$ref", next))))));
    }
    defs.put("d" + levels, new JsonObject().put("type", "string"));
    return new JsonObject().put("$defs", defs).put("$ref", "#/$defs/d0").encode();
  }

  @Test
  void eachHostileSchemaIsRefusedWhereItBreaksALimitBeforeItIsCompiled() {
    hostile().forEach((schema, expected) -> {
      List<SchemaLimits.Problem> problems = SchemaLimits.check(new JsonObject(schema));
      assertThat(problems).as(schema.length() > 200 ? schema.substring(0, 200) : schema).isNotEmpty();
      assertThat(problems).as(schema.length() > 200 ? schema.substring(0, 200) : schema)
          .anySatisfy(p -> {
            assertThat(p.pointer()).contains(expected[0]);
            assertThat(p.message()).contains(expected[1]).containsPattern("[\\u4e00-\\u9fa5]");
          });
    });
  }

  @Test
  void ordinarySchemasAndEveryNationalBindingPass() throws IOException {
    assertThat(SchemaLimits.check(new JsonObject(fanOut(8)))).as("a shared definition used a few times").isEmpty();
    assertThat(SchemaLimits.check(new JsonObject("""
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
         "$defs": {"addr": {"type": "object", "properties": {"line": {"type": "string", "pattern": "^[0-9]{6}$"}}}},
         "properties": {"home": {"$ref": "#/$defs/addr"}, "work": {"$ref": "#/$defs/addr"},
                        "tags": {"type": "array", "items": {"type": "string", "maxLength": 20}}},
         "required": ["home"]}"""))).isEmpty();
    int bindings = 0;
    try (Stream<Path> files = Files.walk(Path.of("..", "templates"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        JsonObject template = new JsonObject(Files.readString(file));
        if (!"binding".equals(template.getString("kind"))) {
          continue;
        }
        bindings++;
        for (String part : List.of("request", "response")) {
          assertThat(SchemaLimits.check(template.getJsonObject(part))).as(file + " " + part).isEmpty();
        }
      }
    }
    assertThat(bindings).as("national binding templates checked").isGreaterThan(5);
  }

  @Test
  void nothingIsFetchedEvenIfAReferenceGetsThrough() {
    for (String ref : List.of("http://127.0.0.1:9/x.json", "file:///etc/passwd")) {
      var schema = new tools.jackson.databind.ObjectMapper().readTree("{\"properties\":{\"a\":{\"$ref\":\"" + ref + "\"}}}");
      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> SchemaProblems.of(
          JsonSchemas.registry().getSchema(schema), new JsonObject().put("a", 1)));
      assertThat(thrown).as(ref).isNotNull().hasMessageContaining("not allowed to be loaded");
    }
  }
}
