package cn.onething.testing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.TestServer.Reply;

/** The shape every error answer must have: problem+json, a stable type, a Chinese title, a detail. */
public final class ProblemAssert {
  private ProblemAssert() {}

  public static void assertProblem(Reply reply, int status, String type) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().getString("type")).isEqualTo(type);
    assertThat(reply.json().getInteger("status")).isEqualTo(status);
    assertThat(reply.json().getString("title")).matches(".*\\p{IsHan}.*");
    assertThat(reply.json().getString("detail")).isNotBlank();
  }
}
