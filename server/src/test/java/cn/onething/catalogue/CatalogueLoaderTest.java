package cn.onething.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.testing.ServerExtension;
import cn.onething.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** templates/ is published at start; loading again changes nothing; a changed published file is refused. */
@ExtendWith(ServerExtension.class)
class CatalogueLoaderTest {
  static final Path COPY = copyOfTheCatalogue();

  static Map<String, String> serverEnv() {
    return Map.of("ONETHING_TEMPLATES_DIR", COPY.resolve("templates").toString());
  }

  @Test
  void theWholeCatalogueIsPublishedAtStartAndLoadingTwiceChangesNothing(TestServer server) {
    int files = CatalogueFiles.read(COPY.resolve("templates")).size();
    JsonObject listed = server.get("/api/catalogue/templates").send().json();
    assertThat(listed.getJsonArray("templates")).hasSize(files);

    JsonObject before = server.get("/api/catalogue/templates/nhc/birth-medical-certificate/versions/1.1.0").send().json();
    CatalogueLoader.Report again = server.server().catalogueLoader().load().await();
    assertThat(again.loaded()).isZero();
    assertThat(again.refused()).isEmpty();
    assertThat(again.unchanged()).isEqualTo(files);
    JsonObject after = server.get("/api/catalogue/templates/nhc/birth-medical-certificate/versions/1.1.0").send().json();
    assertThat(after.getString("updatedAt")).isEqualTo(before.getString("updatedAt"));
    assertThat(after.getString("source")).isEqualTo("file:templates/nhc/birth-medical-certificate.json");
  }

  @Test
  void aFileChangedUnderAPublishedVersionIsRefusedByName(TestServer server) throws IOException {
    Path file = COPY.resolve("templates/nhc/birth-medical-certificate.json");
    String original = Files.readString(file, StandardCharsets.UTF_8);
    JsonObject changed = new JsonObject(original).put("title", "被悄悄改掉的标题");
    Files.writeString(file, changed.encodePrettily(), StandardCharsets.UTF_8);
    try {
      CatalogueLoader.Report report = server.server().catalogueLoader().load().await();
      assertThat(report.refused()).hasSize(1);
      assertThat(report.refused().get(0).file()).isEqualTo("templates/nhc/birth-medical-certificate.json");
      assertThat(report.refused().get(0).reasons().get(0)).contains("不同").contains("版本号");
      JsonObject stored = server.get("/api/catalogue/templates/nhc/birth-medical-certificate/versions/1.1.0").send().json();
      assertThat(stored.getJsonObject("content").getString("title")).isNotEqualTo("被悄悄改掉的标题");
    } finally {
      Files.writeString(file, original, StandardCharsets.UTF_8);
    }
  }

  @Test
  void aReformattedFileIsStillTheSameContent(TestServer server) throws IOException {
    Path file = COPY.resolve("templates/mps/person.json");
    String original = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(file, new JsonObject(original).encode(), StandardCharsets.UTF_8);
    try {
      CatalogueLoader.Report report = server.server().catalogueLoader().load().await();
      assertThat(report.refused()).isEmpty();
      assertThat(report.loaded()).isZero();
    } finally {
      Files.writeString(file, original, StandardCharsets.UTF_8);
    }
  }

  @AfterAll
  static void removeTheCopy() throws IOException {
    try (Stream<Path> paths = Files.walk(COPY)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static Path copyOfTheCatalogue() {
    try {
      Path root = Files.createTempDirectory("onething-catalogue");
      Path source = Path.of("..", "templates");
      try (Stream<Path> paths = Files.walk(source)) {
        for (Path p : paths.toList()) {
          Path target = root.resolve("templates").resolve(source.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target);
          }
        }
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
