package cn.onething.apply;

import cn.onething.catalogue.CanonicalJson;
import cn.onething.http.Problem;
import cn.onething.http.Problem.FieldError;
import cn.onething.http.Problems;
import cn.onething.rules.RuleSandbox;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * 提交 — one submission under the service's active release: prefilled values kept authoritative,
 * the form checked (schema and rules, on a worker thread), the materials matched to uploads or
 * e-licences, then stored with its number in one transaction, once per idempotency key.
 */
public final class Submissions {
  public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  /** A submission as received, from the JSON API or a page. */
  public record Request(String region, String service, JsonObject data, JsonObject materials, String channel) {
    JsonObject canonical() {
      return new JsonObject().put("region", region).put("service", service).put("data", data)
          .put("materials", materials).put("channel", channel);
    }
  }

  /** What came of a submission; {@code application}, for a new one, is the stored application as it is read back. */
  public record Outcome(String id, boolean repeat, List<FieldError> errors, JsonObject data, JsonObject application) {
    public Outcome(String id, boolean repeat, List<FieldError> errors, JsonObject data) {
      this(id, repeat, errors, data, null);
    }

    public boolean ok() {
      return id != null;
    }
  }

  /**
   * The most a form check (schema and rules) may take, queueing for a rule thread included: the
   * rules have their own limits (1 s, 20,000 statements), this bounds the whole and the wait.
   */
  static final java.time.Duration CHECK_DEADLINE = java.time.Duration.ofSeconds(10);
  /**
   * How long a page's rule check is answered from memory: the rules are pure functions of the
   * release, the values and the context (today's date included), so viewing the same form again
   * gives the same answer without a rule thread.
   */
  static final java.time.Duration VIEW_MEMORY = java.time.Duration.ofMinutes(10);
  static final int VIEWS_REMEMBERED = 2_000;
  private final ApplicationStore store;
  private final FormCheck check;
  private final WorkerExecutor rules;
  private final ShortMemory<String, FormCheck.Result> views = new ShortMemory<>(VIEWS_REMEMBERED, VIEW_MEMORY);

  public Submissions(Vertx vertx, ApplicationStore store, RuleSandbox sandbox) {
    this.store = store;
    this.check = new FormCheck(sandbox);
    this.rules = vertx.createSharedWorkerExecutor("onething-rules", 2);
  }

  public static LocalDate today() {
    return LocalDate.now(CHINA);
  }

  /** The context rules see. */
  public static JsonObject ruleContext(String region, String channel, String idNumber) {
    return new JsonObject().put("today", today().toString()).put("region", region).put("channel", channel)
        .put("applicant", new JsonObject().put("idNumber", idNumber));
  }

  /**
   * Checks a form without storing it (a page re-rendered with errors, or a preview). Rules that
   * ran out of time (or are quarantined for it) fail with a 503 problem: the fault is the
   * service's, not the applicant's, and nothing is stored.
   */
  public Future<FormCheck.Result> check(JsonObject release, JsonObject data, JsonObject ctx) {
    return rules.executeBlocking(() -> check.check(release, data, ctx), false)
        .timeout(CHECK_DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(
            e instanceof RuleSandbox.RuleTimeoutException || e instanceof java.util.concurrent.TimeoutException
                ? Problems.rulesUnavailable("本事项的办理规则暂时无法执行，已通知运维人员；您填写的内容没有提交，请稍后再试。")
                : e));
  }

  /**
   * Checks a form to show it, as {@link #check} does, from memory when this published release was
   * checked a moment ago with the same values and context. The result is shared: read it, never
   * change it.
   */
  public Future<FormCheck.Result> checkView(ApplicationStore.ActiveRelease release, JsonObject values, JsonObject ctx) {
    if (release.number() <= 0) {
      return check(release.content(), values, ctx);  // a draft being previewed can change under the same number
    }
    String key = release.region() + "/" + release.slug() + "/" + release.number() + "\n" + ctx.encode() + "\n"
        + values.encode();
    FormCheck.Result known = views.get(key);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return check(release.content(), values, ctx).onSuccess(result -> views.put(key, result));
  }

  /**
   * Submits for {@code applicantId}. Fails with a 404 problem when the service has no active
   * release, a 409 problem when the key was used for another request.
   */
  public Future<Outcome> submit(String applicantId, String key, Request request) {
    String hash = CanonicalJson.hash(request.canonical());
    // Independent reads at once (each on its own pooled connection): an earlier use of the key, the
    // active release (usually from memory) and then the prefill snapshot for it, and the applicant.
    Future<Optional<ApplicationStore.Stored>> byKey = store.byKey(applicantId, key, hash);
    Future<Optional<ApplicationStore.ActiveRelease>> active = store.activeRelease(request.region(), request.service());
    Future<JsonObject> prefillRow = active.compose(found -> found.isEmpty()
        ? Future.succeededFuture(null) : store.findPrefill(applicantId, found.get()));
    Future<JsonObject> applicantRow = store.applicant(applicantId);
    return Future.all(byKey, prefillRow, applicantRow).compose(read -> {
      Optional<ApplicationStore.Stored> earlier = byKey.result();
      if (earlier.isPresent()) {
        return Future.succeededFuture(new Outcome(earlier.get().id(), true, List.of(), request.data()));
      }
      if (active.result().isEmpty()) {
        return Future.failedFuture(Problems.notFound("“" + request.region() + "/" + request.service() + "”没有已发布的服务"));
      }
      ApplicationStore.ActiveRelease release = active.result().get();
      JsonObject applicant = applicantRow.result();
      JsonObject prefill = prefillRow.result();
      JsonObject data = withPrefill(release.content(), request.data(), prefill, applicant);
      JsonObject ctx = ruleContext(release.region(), request.channel(), applicant.getString("idNumber"));
      // The rules run on a worker while the uploads are looked up.
      Future<FormCheck.Result> checked = check(release.content(), data, ctx);
      Future<Materials> supplied = materials(applicantId, release.content(), request.materials(), prefill);
      return Future.all(checked, supplied).compose(both -> {
        FormCheck.Result result = checked.result();
        Materials materials = supplied.result();
        List<FieldError> errors = new ArrayList<>(result.errors());
        errors.addAll(materials.errors());
        if (!errors.isEmpty()) {
          return Future.succeededFuture(new Outcome(null, false, errors, result.data()));
        }
        JsonObject prefilled = prefill == null ? new JsonObject() : prefilledKept(prefill, result.data());
        return store.submit(new ApplicationStore.NewApplication(release.region(), release.slug(), release.title(),
                release.number(), applicantId, request.channel(), result.data(), prefilled, materials.records(), key, hash),
                today())
            .map(stored -> new Outcome(stored.id(), stored.repeat(), List.of(), result.data(), stored.application()));
      });
    }).recover(e -> e instanceof ApplicationStore.KeyReused
        ? Future.failedFuture(Problem.of("idempotency-key-reused", "重复使用的幂等键", 409,
            "Idempotency-Key“" + key + "”已用于另一份不同内容的申请；如需再次申请，请使用新的键。").exception())
        : Future.failedFuture(e));
  }

  /**
   * Prefilled values stand while the values they were looked up with are unchanged: a citizen
   * cannot edit what the population registry says about a person, but may change whose data it
   * is. The signed-in applicant's own name and ID number always come from the login.
   */
  static JsonObject withPrefill(JsonObject release, JsonObject data, JsonObject prefill, JsonObject applicant) {
    JsonObject out = data.copy();
    Prefill.identityValues(release, applicant).forEach(e -> out.put(e.getKey(), e.getValue()));
    if (prefill == null) {
      return out;
    }
    JsonObject sources = prefill.getJsonObject("sources", new JsonObject());
    prefill.getJsonObject("values", new JsonObject()).forEach(e -> {
      JsonObject source = sources.getJsonObject(e.getKey());
      JsonObject basis = source == null ? null : source.getJsonObject("basis");
      if (basis != null && basis.fieldNames().stream().allMatch(k ->
          String.valueOf(basis.getValue(k)).equals(String.valueOf(out.getValue(k))))) {
        out.put(e.getKey(), e.getValue());
      }
    });
    return out;
  }

  private static JsonObject prefilledKept(JsonObject prefill, JsonObject data) {
    JsonObject kept = new JsonObject();
    JsonObject sources = prefill.getJsonObject("sources", new JsonObject());
    prefill.getJsonObject("values", new JsonObject()).forEach(e -> {
      if (data.containsKey(e.getKey()) && String.valueOf(e.getValue()).equals(String.valueOf(data.getValue(e.getKey())))) {
        kept.put(e.getKey(), sources.getJsonObject(e.getKey()));
      }
    });
    return kept;
  }

  private record Materials(List<ApplicationStore.MaterialRecord> records, List<FieldError> errors) {}

  /** Every material of the release: waived by an e-licence, supplied by one of the citizen's uploads, or missing. */
  private Future<Materials> materials(String applicantId, JsonObject release, JsonObject supplied, JsonObject prefill) {
    JsonObject licences = prefill == null ? new JsonObject() : prefill.getJsonObject("licences", new JsonObject());
    Map<String, JsonObject> byKey = new LinkedHashMap<>();
    release.getJsonArray("materials", new JsonArray()).forEach(m -> byKey.put(((JsonObject) m).getString("key"), (JsonObject) m));
    List<FieldError> errors = new ArrayList<>();
    supplied.fieldNames().forEach(k -> {
      if (!byKey.containsKey(k)) {
        errors.add(new FieldError("/materials/" + pointerEscape(k), "本服务没有名为“" + k + "”的材料"));
      }
    });
    List<String> hashes = new ArrayList<>();
    supplied.forEach(e -> {
      if (e.getValue() instanceof String s && s.matches("[0-9a-f]{64}")) {
        hashes.add(s);
      } else if (byKey.containsKey(e.getKey())) {
        errors.add(new FieldError("/materials/" + pointerEscape(e.getKey()), "材料应为已上传文件的 SHA-256 编号"));
      }
    });
    return store.uploadsOf(applicantId, hashes).map(owned -> {
      List<ApplicationStore.MaterialRecord> records = new ArrayList<>();
      for (JsonObject m : byKey.values()) {
        String key = m.getString("key");
        String at = "/materials/" + pointerEscape(key);
        String sha = supplied.getValue(key) instanceof String s ? s : null;
        if (sha != null && owned.containsKey(sha)) {
          records.add(new ApplicationStore.MaterialRecord(key, sha, null, owned.get(sha)));
        } else if (sha != null) {
          errors.add(new FieldError(at, "找不到您上传的“" + m.getString("name") + "”，请重新上传"));
        } else if (m.getBoolean("waived", false) && m.getString("eLicence") != null) {
          // Waived: the e-licence found at prefill, or else looked up by the department's verify step.
          records.add(new ApplicationStore.MaterialRecord(key, null, m.getString("eLicence")));
        } else if (m.getBoolean("required", false) && gapsAllowed(release, m)) {
          // 容缺受理: a non-key material of a matter that accepts with gaps may follow later.
          records.add(new ApplicationStore.MaterialRecord(key, null, null));
        } else if (m.getBoolean("required", false)) {
          errors.add(new FieldError(at, "请上传“" + m.getString("name") + "”"));
        }
      }
      return new Materials(records, errors);
    });
  }

  /** Whether a missing material may follow later: not a key material, and every matter needing it accepts with gaps. */
  static boolean gapsAllowed(JsonObject release, JsonObject material) {
    if (material.getBoolean("key_material", true)) {
      return false;
    }
    JsonArray branches = release.getJsonObject("process", new JsonObject()).getJsonArray("branches", new JsonArray());
    JsonArray sources = material.getJsonArray("sources", new JsonArray());
    return !sources.isEmpty() && sources.stream().allMatch(src -> branches.stream().anyMatch(b ->
        ((JsonObject) b).getString("matter").equals(((JsonObject) src).getString("template"))
            && ((JsonObject) b).getBoolean("acceptWithGaps", false)));
  }

  static String pointerEscape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
