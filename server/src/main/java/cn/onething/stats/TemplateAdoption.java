package cn.onething.stats;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * 标准模板采用情况 — for the centre: each standard template (a package a service was composed from,
 * or a matter a service has as a member), the provinces and services that use it, the version each
 * pins, and the figures of those services side by side across regions.
 */
public final class TemplateAdoption {
  private final Breakdowns breakdowns;

  public TemplateAdoption(Breakdowns breakdowns) {
    this.breakdowns = breakdowns;
  }

  /** {@code template} one template or null; {@code publisher} one publisher's templates or null (all). */
  public Future<JsonArray> adoption(String template, String publisher, LocalDate from, LocalDate to, LocalDate today) {
    Future<io.vertx.sqlclient.RowSet<Row>> uses = breakdowns.query("templateUses", Tuple.of(template, publisher));
    Future<JsonArray> figures = breakdowns.by(Breakdowns.Dimension.SERVICE,
        new Breakdowns.Filter("", null, null, from, to), today);
    return Future.all(uses, figures).map(all -> {
      Map<String, JsonObject> byService = new LinkedHashMap<>();
      all.<JsonArray>resultAt(1).forEach(o -> byService.put(((JsonObject) o).getString("key"), (JsonObject) o));
      Map<String, JsonObject> templates = new LinkedHashMap<>();
      Map<String, TreeSet<String>> provinces = new LinkedHashMap<>();
      for (Row r : all.<io.vertx.sqlclient.RowSet<Row>>resultAt(0)) {
        String ref = r.getString("template");
        JsonObject t = templates.computeIfAbsent(ref, k -> new JsonObject().put("template", k)
            .put("kind", r.getString("kind")).put("title", r.getString("template_title"))
            .put("services", new JsonArray()));
        String key = r.getString("region") + "/" + r.getString("slug");
        JsonObject f = byService.get(key);
        JsonObject service = new JsonObject().put("region", r.getString("region"))
            .put("regionName", r.getString("region_name")).put("slug", r.getString("slug"))
            .put("title", r.getString("title")).put("version", r.getString("version"))
            .put("activeRelease", r.getInteger("active_release"));
        if (f != null) {
          service.put("applications", f.getJsonObject("applications")).put("handling", f.getJsonObject("handling"))
              .put("ratings", f.getJsonObject("ratings").copy()).put("overdueOpenSteps", f.getLong("overdueOpenSteps"))
              .put("promisedWorkingDays", f.getInteger("promisedWorkingDays"))
              .put("offlineVisits", f.getInteger("offlineVisits"));
          service.getJsonObject("ratings").remove("badTags");
        }
        t.getJsonArray("services").add(service);
        provinces.computeIfAbsent(ref, k -> new TreeSet<>()).add(r.getString("region").substring(0, 2) + "0000");
      }
      JsonArray out = new JsonArray();
      templates.forEach((ref, t) -> {
        JsonArray services = t.getJsonArray("services");
        long received = 0;
        long completed = 0;
        long ratings = 0;
        long scoreSum = 0;
        int published = 0;
        for (Object o : services) {
          JsonObject s = (JsonObject) o;
          published += s.getInteger("activeRelease") == null ? 0 : 1;
          JsonObject a = s.getJsonObject("applications");
          if (a != null) {
            received += a.getLong("received");
            completed += a.getLong("completed");
            JsonObject r = s.getJsonObject("ratings");
            ratings += r.getLong("count");
            scoreSum += r.getLong("scoreSum");
          }
        }
        t.put("provinces", new JsonArray(provinces.get(ref).stream().toList()))
            .put("provinceCount", provinces.get(ref).size())
            .put("serviceCount", services.size()).put("publishedCount", published)
            .put("totals", new JsonObject().put("received", received).put("completed", completed)
                .put("completionRate", ServiceStats.share(completed, received)).put("ratings", ratings)
                .put("ratingMean", ratings == 0 ? null : ServiceStats.round((double) scoreSum / ratings, 100)));
        out.add(t);
      });
      return out;
    });
  }
}
