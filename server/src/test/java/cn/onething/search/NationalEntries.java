package cn.onething.search;

import cn.onething.catalogue.CatalogueFiles;
import cn.onething.search.TemplateDocuments.Entry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The national catalogue in {@code templates/}, each template as a current version with no usage (as the search tests index it). */
final class NationalEntries {
  private NationalEntries() {}

  /** A new, modifiable list each call. */
  static List<Entry> current() throws IOException {
    List<Entry> out = new ArrayList<>();
    for (CatalogueFiles.TemplateFile file : CatalogueFiles.read(Path.of("..", "templates"))) {
      out.add(new Entry(file.template(), "current", 0, 0));
    }
    return out;
  }
}
