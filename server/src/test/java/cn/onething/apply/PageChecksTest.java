package cn.onething.apply;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.rules.RuleSandbox;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A page's rule check answered from memory is the answer for those values, that context and that release. */
class PageChecksTest {
  static final Vertx VERTX = Vertx.vertx();
  static final Submissions SUBMISSIONS = new Submissions(VERTX, null, new RuleSandbox());

  @AfterAll
  static void close() {
    VERTX.close().await();
  }

  static ApplicationStore.ActiveRelease release(int number, String showAddressWhen) {
    JsonObject schema = new JsonObject().put("type", "object").put("properties", new JsonObject()
        .put("delivery", new JsonObject().put("type", "string").put("title", "领取方式"))
        .put("address", new JsonObject().put("type", "string").put("title", "邮寄地址")));
    JsonArray rules = new JsonArray()
        .add(new JsonObject().put("id", "r1").put("kind", "visible").put("target", "address")
            .put("expression", "form.delivery === '" + showAddressWhen + "'"))
        .add(new JsonObject().put("id", "r2").put("kind", "required").put("target", "address")
            .put("expression", "form.delivery === '" + showAddressWhen + "' && ctx.applicant.idNumber !== null"));
    JsonObject content = new JsonObject().put("contentHash", "page-checks-" + number).put("schema", schema)
        .put("layout", new JsonArray()).put("rules", rules);
    return new ApplicationStore.ActiveRelease("330000", "card", "社保卡申领", number, content);
  }

  static FormCheck.Result view(ApplicationStore.ActiveRelease release, String delivery, String idNumber) {
    return SUBMISSIONS.checkView(release, new JsonObject().put("delivery", delivery),
        Submissions.ruleContext("330000", "online", idNumber)).await();
  }

  @Test
  void otherValuesOtherContextOrAnotherReleaseAreCheckedAfresh() {
    ApplicationStore.ActiveRelease first = release(1, "post");
    FormCheck.Result post = view(first, "post", "330106199208151424");
    assertThat(post.hidden()).isEmpty();
    assertThat(post.required()).contains("address");
    assertThat(view(first, "post", "330106199208151424")).as("the same view again").isSameAs(post);

    FormCheck.Result counter = view(first, "counter", "330106199208151424");
    assertThat(counter.hidden()).containsExactly("address");
    assertThat(counter.required()).doesNotContain("address");

    assertThat(view(first, "post", null).required()).as("another citizen's context").doesNotContain("address");

    ApplicationStore.ActiveRelease second = release(2, "counter");
    assertThat(view(second, "post", "330106199208151424").hidden()).as("the next release's rules").containsExactly("address");
  }
}
