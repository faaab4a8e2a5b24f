package cn.onething.catalogue;

import cn.onething.catalogue.CatalogueFiles.TemplateFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 国家标准目录加载 — publishes {@code templates/} at start, idempotently: a file whose version is
 * already published with the same content changes nothing; one whose content differs is refused
 * with a message naming the file (a published version is never overwritten); an invalid one is
 * refused with every problem. Nothing is ever half-loaded: each template is one insert.
 */
public final class CatalogueLoader {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogueLoader.class);
  static final String LOADER_USER = "catalogue-loader";

  private final Vertx vertx;
  private final Catalogue catalogue;
  private final Path dir;

  /** What one load did. */
  public record Report(int loaded, int unchanged, List<Refusal> refused) {
    public JsonObject toJson() {
      JsonArray refusals = new JsonArray();
      refused.forEach(r -> refusals.add(new JsonObject().put("file", r.file()).put("reasons", new JsonArray(r.reasons()))));
      return new JsonObject().put("loaded", loaded).put("unchanged", unchanged).put("refused", refusals);
    }
  }

  /** A file that was not loaded, and why. */
  public record Refusal(String file, List<String> reasons) {}

  public CatalogueLoader(Vertx vertx, Catalogue catalogue, Path dir) {
    this.vertx = vertx;
    this.catalogue = catalogue;
    this.dir = dir;
  }

  public Future<Report> load() {
    if (dir == null) {
      LOG.info("未配置国家标准目录（ONETHING_TEMPLATES_DIR=none），跳过加载");
      return Future.succeededFuture(new Report(0, 0, List.of()));
    }
    if (!Files.isDirectory(dir)) {
      LOG.warn("找不到国家标准目录 {}，跳过加载：请检查 ONETHING_TEMPLATES_DIR", dir.toAbsolutePath().normalize());
      return Future.succeededFuture(new Report(0, 0, List.of()));
    }
    LOG.info("正在加载国家标准目录 {} …", dir.toAbsolutePath().normalize());
    long started = System.nanoTime();
    return vertx.executeBlocking(() -> CatalogueFiles.read(dir), false)
        .compose(files -> catalogue.index().compose(index -> loadAll(files, index)))
        .onSuccess(report -> {
          LOG.info("国家标准目录：新发布 {} 个，未变 {} 个，拒绝 {} 个（{} ms）", report.loaded(), report.unchanged(),
              report.refused().size(), (System.nanoTime() - started) / 1_000_000);
          report.refused().forEach(r -> r.reasons().forEach(reason -> LOG.error("已拒绝 {}：{}", r.file(), reason)));
        });
  }

  private Future<Report> loadAll(List<TemplateFile> files, CatalogueIndex index) {
    List<Refusal> refused = new ArrayList<>();
    int[] counts = new int[2];
    Future<Void> chain = Future.succeededFuture();
    for (TemplateFile file : files) {
      chain = chain.compose(v -> loadOne(file, index).map(outcome -> {
        switch (outcome.kind) {
          case LOADED -> counts[0]++;
          case UNCHANGED -> counts[1]++;
          case REFUSED -> refused.add(new Refusal(file.name(), outcome.reasons));
        }
        return null;
      }));
    }
    return chain.map(v -> new Report(counts[0], counts[1], List.copyOf(refused)));
  }

  private enum Kind { LOADED, UNCHANGED, REFUSED }

  private record Outcome(Kind kind, List<String> reasons) {
    static Outcome refused(String... reasons) {
      return new Outcome(Kind.REFUSED, List.of(reasons));
    }
  }

  private Future<Outcome> loadOne(TemplateFile file, CatalogueIndex index) {
    if (file.template() == null) {
      return Future.succeededFuture(Outcome.refused(file.error()));
    }
    JsonObject template = file.template();
    List<Diagnostic> shape = TemplateValidator.schemaProblems(template);
    if (!shape.isEmpty()) {
      return Future.succeededFuture(new Outcome(Kind.REFUSED, describe(shape)));
    }
    String publisher = template.getString("publisher");
    String slug = template.getString("slug");
    String version = template.getString("version");
    return catalogue.store().find(publisher, slug, version).compose(existing -> {
      if (existing.isPresent()) {
        return Future.succeededFuture(compare(file, existing.get(), template));
      }
      return catalogue.store().kindOf(publisher, slug).compose(kind -> {
        if (kind.isPresent() && !kind.get().equals(template.getString("kind"))) {
          return Future.succeededFuture(Outcome.refused(publisher + "/" + slug + " 已是 " + kind.get()
              + " 类模板，新版本不能改为 " + template.getString("kind")));
        }
        return catalogue.validate(template, index).compose(problems -> {
          if (!problems.isEmpty()) {
            return Future.succeededFuture(new Outcome(Kind.REFUSED, describe(problems)));
          }
          return catalogue.store().insertPublished(template, "file:" + file.name(), LOADER_USER)
              .map(inserted -> {
                index.add(template);
                return inserted ? new Outcome(Kind.LOADED, List.of()) : new Outcome(Kind.UNCHANGED, List.of());
              });
        });
      }).recover(e -> Future.succeededFuture(Outcome.refused(unknownPublisher(e, publisher))));
    });
  }

  private static Outcome compare(TemplateFile file, TemplateStore.StoredVersion stored, JsonObject template) {
    String where = stored.publisher() + "/" + stored.slug() + "@" + stored.version();
    if (!stored.published()) {
      return Outcome.refused(where + " 已有一份草稿（通过 API 创建），文件不会覆盖它：请发布或删除草稿，或提高文件中的版本号");
    }
    if (!stored.contentHash().equals(CanonicalJson.hash(template))) {
      return Outcome.refused("文件 " + file.name() + " 的内容与已发布的 " + where
          + " 不同：已发布的版本不可修改，请提高版本号（如 " + bump(stored.version()) + "）后再加载");
    }
    return new Outcome(Kind.UNCHANGED, List.of());
  }

  private static String unknownPublisher(Throwable e, String publisher) {
    String message = String.valueOf(e.getMessage());
    return message.contains("template_publisher_fkey") || message.contains("foreign key")
        ? "发布方“" + publisher + "”不是已登记的租户"
        : "无法写入数据库：" + message;
  }

  private static String bump(String version) {
    SemVer v = SemVer.parse(version);
    return new SemVer(v.major(), v.minor(), v.patch() + 1).toString();
  }

  private static List<String> describe(List<Diagnostic> problems) {
    return problems.stream().map(d -> (d.pointer().isEmpty() ? "" : d.pointer() + "：") + d.message()).toList();
  }
}
