package cn.onething.catalogue;

import static cn.onething.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import cn.onething.testing.TestServer.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The template editor's as-you-type rule check: the linter's findings, each with the span it concerns. */
@ExtendWith(ServerExtension.class)
class RuleCheckApiTest {
  static final String CHECK = "/api/catalogue/rules/check";
  static final JsonArray FIELDS = new JsonArray().add("newbornBirthDate").add("fatherName");

  private static Reply check(TestServer server, String expression) {
    return server.post(CHECK).as("publisher-nhc")
        .json(new JsonObject().put("expression", expression).put("fields", FIELDS)).send();
  }

  @Test
  void aGoodRuleHasNoFindings(TestServer server) {
    Reply reply = check(server, "form.newbornBirthDate <= ctx.today && !isEmpty(form.fatherName)");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().getBoolean("valid")).isTrue();
    assertThat(reply.json().getJsonArray("errors")).isEmpty();
  }

  @Test
  void anUnknownFieldIsMarkedWhereItIs(TestServer server) {
    String expression = "form.newbornBirthDate <= ctx.today && form.motherName !== ''";
    JsonObject error = check(server, expression).json().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("message")).isEqualTo("规则引用了不存在的字段 form.motherName");
    assertThat(error.getString("pointer")).isEqualTo("/expression");
    assertThat(expression.substring(error.getInteger("start"), error.getInteger("end"))).isEqualTo("form.motherName");
  }

  @Test
  void aForbiddenNameAndASyntaxErrorAreMarkedToo(TestServer server) {
    String expression = "Date.now() > 0";
    JsonArray errors = check(server, expression).json().getJsonArray("errors");
    assertThat(errors.getJsonObject(0).getString("message")).contains("允许的函数");
    assertThat(expression.substring(errors.getJsonObject(0).getInteger("start"), errors.getJsonObject(0).getInteger("end")))
        .isEqualTo("Date.now");

    JsonObject syntax = check(server, "form.fatherName === ").json().getJsonArray("errors").getJsonObject(0);
    assertThat(syntax.getString("message")).startsWith("规则不是合法的 JavaScript 表达式");
    assertThat(syntax.getInteger("start")).isEqualTo(20);

    JsonObject trailing = check(server, "form.fatherName; 1").json().getJsonArray("errors").getJsonObject(0);
    assertThat(trailing.getString("message")).contains("多余的内容");
    assertThat(trailing.getInteger("start")).isEqualTo(15);
  }

  @Test
  void onlyAuthorsMayAskAndTheBodyIsChecked(TestServer server) {
    JsonObject body = new JsonObject().put("expression", "true");
    assertProblem(server.post(CHECK).json(body).send(), 401, "urn:onething:problem:unauthorized");
    assertProblem(server.post(CHECK).as("citizen-lina").json(body).send(), 403, "urn:onething:problem:forbidden");
    assertThat(server.post(CHECK).as("admin-330000").json(body).send().status()).isEqualTo(200);
    assertProblem(server.post(CHECK).as("publisher-nhc").json(new JsonObject().put("expression", 1)).send(), 400,
        "urn:onething:problem:invalid-input");
    assertProblem(server.post(CHECK).as("publisher-nhc")
        .json(body.copy().put("fields", new JsonArray().add(1))).send(), 400, "urn:onething:problem:invalid-input");
  }
}
