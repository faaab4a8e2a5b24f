package cn.onething.catalogue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The small, self-contained catalogue in {@code src/test/resources/catalogue}. */
public final class Fixtures {
  private Fixtures() {}

  public static JsonObject load(String name) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("catalogue/" + name + ".json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Elements, the binding, the matter and a second copy of it, as published. */
  static CatalogueIndex index() {
    JsonObject second = load("matter").put("slug", "test-matter-two");
    return CatalogueIndex.of(List.of(load("elements"), load("binding"), load("matter"), second));
  }
}
