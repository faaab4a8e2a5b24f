package cn.onething.search;

import cn.onething.catalogue.Departments;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FloatDocValuesField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;

/** How one published template version becomes one Lucene document. */
final class TemplateDocuments {
  static final String ID = "id";
  static final String REF = "ref";
  static final String KIND = "kind";
  static final String PUBLISHER = "publisher";
  static final String DEPARTMENT = "department";
  static final String STAGE = "stage";
  static final String STATUS = "status";
  static final String REGION = "region";
  static final String TITLE = "title";
  static final String KEYWORDS = "keywords";
  static final String SUMMARY = "summary";
  static final String BODY = "body";
  static final String SMART = "smart";
  static final String PINYIN = "pinyin";
  static final String PINYIN_TITLE = "pinyinTitle";
  static final String CHARS = "chars";
  static final String PRIOR = "prior";
  static final String USAGE = "usage";
  static final String PUBLISHED = "published";
  static final String VERSION = "version";
  static final String SLUG = "slug";
  static final String STAGES_STORED = "stagesStored";
  static final String DEPARTMENTS_STORED = "departmentsStored";

  /** The facet dimensions, in the order they are shown. */
  static final List<String> FACETS = List.of(KIND, PUBLISHER, DEPARTMENT, STAGE, STATUS);

  private TemplateDocuments() {}

  /** A version to index, with what the index needs to know beyond its content. */
  record Entry(JsonObject content, String status, int usage, long publishedAtMillis) {
    String ref() {
      return content.getString("publisher") + "/" + content.getString("slug");
    }

    /** What the index keeps of it once indexed. */
    Current kept() {
      return new Current(content.getString("title", ""), content.getString("kind"), content.getString("department"),
          strings(content.getJsonArray("keywords")), usage);
    }
  }

  /**
   * What the index remembers of a template's current version, not its whole content: a package's
   * document names its members' titles and departments, and the suggester offers titles and keywords.
   */
  record Current(String title, String kind, String department, List<String> keywords, int usage) {}

  static Document of(Entry entry, Map<String, Current> currentByRef, boolean smart) {
    JsonObject t = entry.content();
    Document doc = new Document();
    String ref = entry.ref();
    doc.add(new StringField(ID, ref + "@" + t.getString("version"), Field.Store.YES));
    doc.add(new StringField(REF, ref, Field.Store.YES));
    doc.add(new StoredField(SLUG, t.getString("slug")));
    doc.add(new StoredField(VERSION, t.getString("version")));
    keyword(doc, KIND, t.getString("kind"));
    keyword(doc, PUBLISHER, t.getString("publisher"));
    keyword(doc, STATUS, entry.status());
    String region = t.getString("publisher").matches("[1-9][0-9]{5}") ? t.getString("publisher") : "national";
    doc.add(new StringField(REGION, region, Field.Store.YES));

    Set<String> departments = departments(t, currentByRef);
    departments.forEach(d -> keyword(doc, DEPARTMENT, d));
    doc.add(new StoredField(DEPARTMENTS_STORED, new JsonArray(List.copyOf(departments)).encode()));
    JsonArray stages = t.getJsonArray("stages", new JsonArray());
    stages.forEach(s -> keyword(doc, STAGE, (String) s));
    doc.add(new StoredField(STAGES_STORED, stages.encode()));

    String title = t.getString("title", "");
    String keywords = String.join(" ", strings(t.getJsonArray("keywords")));
    String summary = t.getString("summary", "");
    doc.add(new TextField(TITLE, title, Field.Store.YES));
    doc.add(new TextField(KEYWORDS, keywords, Field.Store.YES));
    doc.add(new TextField(SUMMARY, summary, Field.Store.YES));
    String body = body(t, currentByRef, departments);
    doc.add(new TextField(BODY, body, Field.Store.NO));
    if (smart) {
      doc.add(new TextField(SMART, title + "\n" + keywords + "\n" + summary, Field.Store.NO));
    }
    doc.add(new TextField(PINYIN_TITLE, String.join(" ", Pinyin.tokens(title)), Field.Store.NO));
    doc.add(new TextField(PINYIN, String.join(" ", Pinyin.tokens(keywords)) + " " + t.getString("slug").replace('-', ' '),
        Field.Store.NO));
    doc.add(new TextField(CHARS, title + "\n" + keywords, Field.Store.NO));
    doc.add(new FloatDocValuesField(PRIOR, prior(t.getString("kind"))));

    doc.add(new NumericDocValuesField(USAGE, entry.usage()));
    doc.add(new StoredField(USAGE, entry.usage()));
    doc.add(new NumericDocValuesField(PUBLISHED, entry.publishedAtMillis()));
    return doc;
  }

  /**
   * What a person searching the catalogue is most likely after: a whole "one thing", then a
   * matter; element sets and bindings are building blocks, found but ranked lower.
   */
  static float prior(String kind) {
    return switch (kind) {
      case "package" -> 1.3f;
      case "matter" -> 1.0f;
      case "binding" -> 0.6f;
      default -> 0.5f;
    };
  }

  private static void keyword(Document doc, String field, String value) {
    if (value == null || value.isBlank()) {
      return;
    }
    doc.add(new StringField(field, value, Field.Store.YES));
    doc.add(new SortedSetDocValuesFacetField(field, value));
  }

  /** A matter's department; a package's, its members'; a binding's, its own. */
  private static Set<String> departments(JsonObject t, Map<String, Current> currentByRef) {
    Set<String> out = new LinkedHashSet<>();
    if (t.getString("department") != null) {
      out.add(t.getString("department"));
    }
    for (Object m : t.getJsonArray("members", new JsonArray())) {
      Current member = currentByRef.get(((JsonObject) m).getString("matter"));
      if (member != null && member.department() != null) {
        out.add(member.department());
      }
    }
    return out;
  }

  /** The text a person might search for beyond the title: guide, materials, labels, members. */
  private static String body(JsonObject t, Map<String, Current> currentByRef, Set<String> departments) {
    List<String> parts = new ArrayList<>();
    departments.forEach(d -> parts.add(Departments.name(d)));
    JsonObject guide = t.getJsonObject("guide");
    if (guide != null) {
      parts.addAll(strings(guide.getJsonArray("conditions")));
      for (Object basis : guide.getJsonArray("legalBasis", new JsonArray())) {
        parts.add(((JsonObject) basis).getString("name"));
      }
    }
    for (Object m : t.getJsonArray("materials", new JsonArray())) {
      parts.add(((JsonObject) m).getString("name"));
    }
    JsonObject form = t.getJsonObject("form");
    if (form != null) {
      for (Object s : form.getJsonArray("sections", new JsonArray())) {
        JsonObject section = (JsonObject) s;
        parts.add(section.getString("title"));
        for (Object f : section.getJsonArray("fields", new JsonArray())) {
          String label = ((JsonObject) f).getString("label");
          if (label != null) {
            parts.add(label);
          }
        }
      }
    }
    for (Object step : t.getJsonArray("steps", new JsonArray())) {
      parts.add(((JsonObject) step).getString("name"));
    }
    for (Object e : t.getJsonArray("elements", new JsonArray())) {
      parts.add(((JsonObject) e).getString("label"));
    }
    for (Object l : t.getJsonArray("licenceTypes", new JsonArray())) {
      // An element set defines licence types ({id, name}); a binding only names them.
      parts.add(l instanceof JsonObject licence ? licence.getString("name") : String.valueOf(l));
    }
    if (t.getString("system") != null) {
      parts.add(t.getString("system"));
    }
    for (Object m : t.getJsonArray("members", new JsonArray())) {
      Current member = currentByRef.get(((JsonObject) m).getString("matter"));
      if (member != null) {
        parts.add(member.title());
      }
    }
    return String.join("\n", parts);
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(v -> out.add(String.valueOf(v)));
    }
    return out;
  }
}
