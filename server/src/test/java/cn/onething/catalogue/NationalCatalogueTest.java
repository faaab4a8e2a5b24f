package cn.onething.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.catalogue.CatalogueFiles.TemplateFile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The national standard catalogue in {@code templates/}: every file valid and lint-clean, and enough of it. */
class NationalCatalogueTest {
  static final Path DIR = Path.of("..", "templates");
  static List<TemplateFile> files;

  @BeforeAll
  static void read() {
    files = CatalogueFiles.read(DIR);
  }

  @Test
  void everyTemplateValidatesAndLintsClean() {
    CatalogueIndex index = CatalogueIndex.of(List.of());
    Map<String, List<Diagnostic>> problems = new LinkedHashMap<>();
    for (TemplateFile file : files) {
      assertThat(file.error()).as(file.name()).isNull();
      List<Diagnostic> found = TemplateValidator.validate(file.template(), index);
      if (found.isEmpty()) {
        index.add(file.template());
      } else {
        problems.put(file.name(), found);
      }
    }
    assertThat(problems).as("templates with problems").isEmpty();
  }

  @Test
  void theFileLayoutMatchesEachTemplatesIdentity() {
    for (TemplateFile file : files) {
      JsonObject t = file.template();
      assertThat(file.name()).isEqualTo("templates/" + t.getString("publisher") + "/" + t.getString("slug") + ".json");
    }
  }

  @Test
  void itIsLargeEnough() {
    Map<String, List<JsonObject>> byKind = files.stream().map(TemplateFile::template)
        .collect(Collectors.groupingBy(t -> t.getString("kind")));
    int elements = byKind.get("element").stream().mapToInt(t -> t.getJsonArray("elements").size()).sum();
    assertThat(elements).as("data elements").isGreaterThanOrEqualTo(60);
    assertThat(byKind.get("matter")).as("matter templates").hasSizeGreaterThanOrEqualTo(40);
    assertThat(byKind.get("matter").stream().map(t -> t.getString("publisher")).distinct().count())
        .as("publishers of matters").isGreaterThanOrEqualTo(8);
    assertThat(byKind.get("binding")).as("binding templates").hasSizeGreaterThanOrEqualTo(10);
    assertThat(byKind.get("package")).as("packages").hasSizeGreaterThanOrEqualTo(8);
  }

  @Test
  void thePackagesTheIssueNamesAreThere() {
    Set<String> titles = new HashSet<>();
    files.stream().map(TemplateFile::template).filter(t -> t.getString("kind").equals("package"))
        .forEach(t -> titles.add(t.getString("title")));
    assertThat(titles).contains("新生儿出生一件事", "企业开办一件事", "二手房转移登记及水电气网联合过户一件事",
        "企业投资项目一件事", "开办餐饮店一件事", "退休一件事", "教育入学一件事", "残疾人服务一件事");
  }

  @Test
  void everyMatterAndPackageIsTaggedWithItsLifeCycleStage() {
    List<String> untagged = new ArrayList<>();
    for (TemplateFile file : files) {
      JsonObject t = file.template();
      if (Set.of("matter", "package").contains(t.getString("kind")) && t.getJsonArray("stages", new JsonArray()).isEmpty()) {
        untagged.add(file.name());
      }
    }
    assertThat(untagged).isEmpty();
  }
}
