package cn.onething.forms;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/** Found by FuzzProperties: a huge number against an integral minimum made the validator throw (a 500). */
class SchemaProblemsTest {
  static final com.networknt.schema.Schema WEIGHT = JsonSchemas.registry().getSchema(new ObjectMapper().readTree("""
      {"type": "object", "properties": {"weight": {"type": "integer", "minimum": 300, "maximum": 8000},
       "sizes": {"type": "array", "items": {"type": "number", "minimum": 0}}}}
      """));

  @Test
  void numbersBeyondWhatTheValidatorComparesAreProblemsWithTheirPlace() {
    List<SchemaProblems.SchemaProblem> problems = SchemaProblems.of(WEIGHT,
        new JsonObject().put("weight", 1.948592897980055E87).put("sizes", new JsonArray().add(1).add(-9.27e18)));
    assertThat(problems).extracting(SchemaProblems.SchemaProblem::pointer).containsExactly("/weight", "/sizes/1");
    assertThat(problems.get(0).message()).contains("超出范围");
  }

  @Test
  void ordinaryNumbersAreStillCheckedByTheSchema() {
    assertThat(SchemaProblems.of(WEIGHT, new JsonObject().put("weight", 3200))).isEmpty();
    assertThat(SchemaProblems.of(WEIGHT, new JsonObject().put("weight", 200))).extracting(SchemaProblems.SchemaProblem::keyword)
        .containsExactly("minimum");
    assertThat(SchemaProblems.of(WEIGHT, new JsonObject().put("weight", 9.1e18))).extracting(SchemaProblems.SchemaProblem::keyword)
        .containsExactly("maximum");
  }
}
