package cn.onething.catalogue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a template may refer to: the published versions of the catalogue (and, while loading
 * files, those loaded before it), indexed for the linter. Built from template documents only,
 * so the linter stays pure.
 */
public final class CatalogueIndex {
  private final Map<TemplateRef, List<JsonObject>> versions = new HashMap<>();
  private final Map<String, Definition> elements = new HashMap<>();
  private final Map<String, Definition> licenceTypes = new HashMap<>();

  /** Where a data element or licence type is defined, and its definition. */
  public record Definition(TemplateRef definedBy, JsonObject json) {}

  public static CatalogueIndex of(Iterable<JsonObject> templates) {
    CatalogueIndex index = new CatalogueIndex();
    templates.forEach(index::add);
    return index;
  }

  /** Adds a published template version; the newest version of an element set defines its elements. */
  public void add(JsonObject template) {
    TemplateRef ref = refOf(template);
    versions.computeIfAbsent(ref, k -> new ArrayList<>()).add(template);
    if ("element".equals(template.getString("kind")) && newest(ref).orElseThrow() == template) {
      elements.values().removeIf(d -> d.definedBy().equals(ref));
      licenceTypes.values().removeIf(d -> d.definedBy().equals(ref));
      for (Object e : template.getJsonArray("elements", new JsonArray())) {
        JsonObject element = (JsonObject) e;
        elements.putIfAbsent(element.getString("id"), new Definition(ref, element));
      }
      for (Object l : template.getJsonArray("licenceTypes", new JsonArray())) {
        JsonObject licence = (JsonObject) l;
        licenceTypes.putIfAbsent(licence.getString("id"), new Definition(ref, licence));
      }
    }
  }

  public Optional<Definition> element(String id) {
    return Optional.ofNullable(elements.get(id));
  }

  public Optional<Definition> licenceType(String id) {
    return Optional.ofNullable(licenceTypes.get(id));
  }

  /** The newest published version of {@code ref} that satisfies {@code range}. */
  public Optional<JsonObject> resolve(TemplateRef ref, String range) {
    return versions.getOrDefault(ref, List.of()).stream()
        .filter(t -> SemVer.parse(t.getString("version")).satisfies(range))
        .max(Comparator.comparing(t -> SemVer.parse(t.getString("version"))));
  }

  public boolean exists(TemplateRef ref) {
    return versions.containsKey(ref);
  }

  public Optional<JsonObject> newest(TemplateRef ref) {
    return versions.getOrDefault(ref, List.of()).stream()
        .max(Comparator.comparing(t -> SemVer.parse(t.getString("version"))));
  }

  static TemplateRef refOf(JsonObject template) {
    return new TemplateRef(template.getString("publisher"), template.getString("slug"));
  }
}
