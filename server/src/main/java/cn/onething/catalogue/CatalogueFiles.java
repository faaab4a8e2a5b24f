package cn.onething.catalogue;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The national catalogue as files ({@code templates/<publisher>/<slug>.json}), read in the order
 * their references need: element sets, then bindings, then matters, then packages.
 */
public final class CatalogueFiles {
  private static final Map<String, Integer> ORDER = Map.of("element", 0, "binding", 1, "matter", 2, "package", 3);

  /** One file: its template, or why it could not be read. */
  public record TemplateFile(Path path, String name, JsonObject template, String error) {
    int order() {
      return template == null ? -1 : ORDER.getOrDefault(template.getString("kind"), 4);
    }
  }

  private CatalogueFiles() {}

  /** Every {@code *.json} below {@code dir}, read and ordered; blocking. */
  public static List<TemplateFile> read(Path dir) {
    List<TemplateFile> files = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList()) {
        String name = dir.getFileName() + "/" + dir.relativize(path).toString().replace('\\', '/');
        try {
          files.add(new TemplateFile(path, name, new JsonObject(Files.readString(path, StandardCharsets.UTF_8)), null));
        } catch (DecodeException e) {
          files.add(new TemplateFile(path, name, null, "不是合法的 JSON：" + e.getMessage()));
        } catch (IOException e) {
          files.add(new TemplateFile(path, name, null, "无法读取：" + e.getMessage()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort(Comparator.comparingInt(TemplateFile::order).thenComparing(TemplateFile::name));
    return files;
  }
}
