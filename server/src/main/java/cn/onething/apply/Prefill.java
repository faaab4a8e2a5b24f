package cn.onething.apply;

import cn.onething.bindings.BindingCalls;
import cn.onething.catalogue.Catalogue;
import cn.onething.catalogue.CatalogueIndex;
import cn.onething.catalogue.TemplateRef;
import cn.onething.connector.Outputs;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 预填 — "let data run instead of people": the release's {@code prefill} binding uses called
 * with what is already known (the signed-in citizen's identity, and what they have typed), their
 * outputs filling the form, in rounds until nothing new comes back; e-licence lookups that find a
 * licence say which material it replaces. A system that is down only means the citizen types
 * those fields themselves.
 */
public final class Prefill {
  private static final Logger LOG = LoggerFactory.getLogger(Prefill.class);
  private static final int ROUNDS = 3;
  static final String LICENCE_LOOKUP = "national/e-licence-lookup";

  /**
   * @param values field key → value from department systems
   * @param sources field key → where it came from ({@code binding}, {@code system}, {@code matter})
   * @param licences licence type → the e-licence found ({@code licenceNo}, {@code holderName})
   * @param basis the known values the calls were made with (a submission keeps the prefilled values
   *     only while these are unchanged)
   * @param problems systems that could not be asked, in Chinese
   */
  public record Result(JsonObject values, JsonObject sources, JsonObject licences, JsonObject basis, List<String> problems) {}

  private final Catalogue catalogue;
  private final BindingCalls calls;

  public Prefill(Catalogue catalogue, BindingCalls calls) {
    this.catalogue = catalogue;
    this.calls = calls;
  }

  /** The fields the signed-in applicant's identity fills directly. */
  static JsonObject identityValues(JsonObject release, JsonObject applicant) {
    JsonObject out = new JsonObject();
    release.getJsonObject("provenance", new JsonObject()).forEach(e -> {
      JsonObject p = (JsonObject) e.getValue();
      if ("applicant".equals(p.getString("role"))) {
        if ("person.idNumber".equals(p.getString("element")) && applicant.getString("idNumber") != null) {
          out.put(e.getKey(), applicant.getString("idNumber"));
        } else if ("person.name".equals(p.getString("element")) && applicant.getString("name") != null) {
          out.put(e.getKey(), applicant.getString("name"));
        }
      }
    });
    return out;
  }

  /**
   * Runs the prefill uses of {@code release} starting from {@code known} values, then looks up the
   * applicant's own e-licences for the materials the release waives by e-licence, so the page can
   * say which licence replaced which material.
   */
  public Future<Result> run(JsonObject release, JsonObject known, String applicantIdNumber) {
    return index(release).compose(index -> {
      Result result = new Result(new JsonObject(), new JsonObject(), new JsonObject(), known.copy(), new ArrayList<>());
      return round(release, index, result, known.copy(), new LinkedHashSet<>(), 1)
          .compose(r -> applicantLicences(release, index, r, applicantIdNumber));
    });
  }

  /** The published catalogue, to resolve the release's bindings (pinned versions) by. */
  private Future<CatalogueIndex> index(JsonObject release) {
    return catalogue.current(index -> resolvesBindings(index, release));
  }

  private static boolean resolvesBindings(CatalogueIndex index, JsonObject release) {
    for (Object o : release.getJsonArray("bindings", new JsonArray())) {
      JsonObject use = (JsonObject) o;
      if (use.getJsonObject("endpoint") != null
          && index.resolve(TemplateRef.parse(use.getString("binding")), use.getString("version")).isEmpty()) {
        return false;
      }
    }
    return true;
  }


  private Future<Result> applicantLicences(JsonObject release, CatalogueIndex index, Result result, String holderId) {
    JsonObject lookup = null;
    for (Object o : release.getJsonArray("bindings", new JsonArray())) {
      JsonObject use = (JsonObject) o;
      if (LICENCE_LOOKUP.equals(use.getString("binding")) && use.getJsonObject("endpoint") != null) {
        lookup = use;
        break;
      }
    }
    if (lookup == null || holderId == null) {
      return Future.succeededFuture(result);
    }
    JsonObject binding = index.resolve(TemplateRef.parse(LICENCE_LOOKUP), lookup.getString("version")).orElse(null);
    if (binding == null) {
      return Future.succeededFuture(result);
    }
    JsonObject endpoint = lookup.getJsonObject("endpoint");
    List<Future<Void>> calls = new ArrayList<>();
    Set<String> types = new LinkedHashSet<>();
    release.getJsonArray("materials", new JsonArray()).forEach(m -> {
      JsonObject material = (JsonObject) m;
      if (material.getBoolean("waived", false) && material.getString("eLicence") != null) {
        types.add(material.getString("eLicence"));
      }
    });
    for (String type : types) {
      if (result.licences().containsKey(type)) {
        continue;
      }
      JsonObject inputs = new JsonObject().put("holderId", holderId).put("licenceType", type);
      // Only the licence is wanted here: no outputs go into the form.
      JsonObject bare = new JsonObject().put("binding", LICENCE_LOOKUP);
      calls.add(this.calls.call(binding, endpoint, inputs, null).map(out -> {
        absorb(bare, binding, inputs, out, result, new JsonObject());
        return (Void) null;
      }).recover(e -> Future.succeededFuture()));
    }
    return Future.join(calls).transform(x -> Future.succeededFuture(result));
  }

  private Future<Result> round(JsonObject release, CatalogueIndex index, Result result, JsonObject known,
      Set<String> done, int n) {
    List<Future<Void>> calls = new ArrayList<>();
    for (Object o : release.getJsonArray("bindings", new JsonArray())) {
      JsonObject use = (JsonObject) o;
      if (!"prefill".equals(use.getString("purpose")) || use.getJsonObject("endpoint") == null) {
        continue;
      }
      JsonObject binding = index.resolve(TemplateRef.parse(use.getString("binding")), use.getString("version")).orElse(null);
      if (binding == null) {
        continue;
      }
      JsonObject inputs = inputsFor(use, binding, known);
      if (inputs == null) {
        continue;
      }
      String signature = use.getString("binding") + inputs.encode();
      if (!done.add(signature)) {
        continue;
      }
      calls.add(this.calls.call(binding, use.getJsonObject("endpoint"), inputs, null)
          .map(out -> {
            absorb(use, binding, inputs, out, result, known);
            return (Void) null;
          })
          .recover(e -> {
            String system = binding.getString("system", use.getString("binding"));
            String problem = system + "暂时无法查询，相关信息请手动填写（" + e.getMessage() + "）";
            synchronized (result) {
              if (!result.problems().contains(problem)) {
                result.problems().add(problem);
              }
            }
            LOG.info("预填 {} 未成功：{}", use.getString("binding"), e.getMessage());
            return Future.succeededFuture();
          }));
    }
    if (calls.isEmpty() || n >= ROUNDS) {
      return Future.join(calls).transform(x -> Future.succeededFuture(result));
    }
    return Future.join(calls).transform(x -> round(release, index, result, known, done, n + 1));
  }

  /** The call's inputs by parameter name, or null when a required one is not known yet. */
  private static JsonObject inputsFor(JsonObject use, JsonObject binding, JsonObject known) {
    JsonObject inputs = new JsonObject();
    use.getJsonObject("constants", new JsonObject()).forEach(e -> inputs.put(e.getKey(), e.getValue()));
    use.getJsonObject("inputs", new JsonObject()).forEach(e -> {
      Object value = e.getValue() == null ? null : known.getValue((String) e.getValue());
      if (value != null && !(value instanceof String s && s.isBlank())) {
        inputs.put(e.getKey(), value);
      }
    });
    for (Object p : binding.getJsonArray("inputs", new JsonArray())) {
      JsonObject parameter = (JsonObject) p;
      if (parameter.getBoolean("required", false) && !inputs.containsKey(parameter.getString("name"))) {
        return null;
      }
    }
    return inputs.isEmpty() ? null : inputs;
  }

  private static void absorb(JsonObject use, JsonObject binding, JsonObject inputs, Outputs out, Result result,
      JsonObject known) {
    synchronized (result) {
      // What this call was made with, by form field: the values stand while these are unchanged.
      JsonObject basis = new JsonObject();
      use.getJsonObject("inputs", new JsonObject()).forEach(e -> {
        if (e.getValue() != null && inputs.containsKey(e.getKey())) {
          basis.put((String) e.getValue(), inputs.getValue(e.getKey()));
        }
      });
      JsonObject source = new JsonObject().put("binding", use.getString("binding"))
          .put("system", binding.getString("system")).put("matter", use.getString("matter")).put("basis", basis);
      use.getJsonObject("outputs", new JsonObject()).forEach(e -> {
        Object value = out.values().getValue(e.getKey());
        String key = (String) e.getValue();
        if (key != null && value != null) {
          result.values().put(key, value);
          result.sources().put(key, source);
          known.put(key, value);
        }
      });
      if (LICENCE_LOOKUP.equals(use.getString("binding")) && out.response().getBoolean("found", false)) {
        String type = inputs.getString("licenceType");
        JsonObject licence = out.response().getJsonObject("licence", new JsonObject());
        if (type != null && licence.getBoolean("valid", true)) {
          result.licences().put(type, new JsonObject().put("licenceNo", licence.getString("licenceNo"))
              .put("holderName", licence.getString("holderName")).put("issuer", licence.getString("issuer"))
              .put("holderId", inputs.getString("holderId")));
        }
      }
    }
  }
}
