package cn.onething.simulator.market;

import cn.onething.simulator.data.Enterprise;
import cn.onething.simulator.data.Region;
import cn.onething.simulator.data.World;
import cn.onething.simulator.http.Call;
import cn.onething.simulator.http.Contracts;
import cn.onething.simulator.http.Endpoint;
import cn.onething.simulator.http.Reply;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** 市场监管 — the market-entity register ({@code samr/enterprise-registry}) and name self-declaration checks. */
public final class MarketEndpoints {

  static final List<String> RESTRICTED_WORDS = List.of("中国", "中华", "全国", "国家", "国际");
  static final Pattern ORGANISATION_FORM =
      Pattern.compile("(有限责任公司|股份有限公司|有限公司|合伙企业|个人独资企业|专业合作社|店|厂|行|中心|工作室)$");
  private final Supplier<World> world;

  public MarketEndpoints(Supplier<World> world) {
    this.world = world;
  }

  public List<Endpoint> endpoints() {
    return List.of(
        Endpoint.of(Contracts.binding("samr/enterprise-registry"), this::lookup),
        Endpoint.of(Contracts.extra("POST /samr/v1/name-checks"), this::checkName));
  }

  /**
   * The template's response requires {@code entity} and has no "not found" shape; an unknown code answers
   * {@code {"found": false}} (200, per the lookup convention), which that schema calls invalid. Reported.
   */
  Reply lookup(Call call) {
    Optional<Enterprise> found = world.get().enterprise(call.string("uscc"));
    if (found.isEmpty()) {
      return Reply.ok(new JsonObject().put("found", false));
    }
    Enterprise e = found.get();
    JsonObject entity = new JsonObject()
        .put("uscc", e.uscc())
        .put("name", e.name())
        .put("type", e.type())
        .put("address", e.address())
        .put("registeredCapital", e.registeredCapital())
        .put("businessScope", e.businessScope())
        .put("establishDate", e.establishDate().toString())
        .put("status", e.status());
    if (e.legalRepresentativeName() != null) {
      entity.put("legalRepresentative", new JsonObject().put("name", e.legalRepresentativeName()));
    }
    return Reply.ok(new JsonObject().put("found", true).put("entity", entity));
  }

  /** A read: checking does not reserve the name. */
  Reply checkName(Call call) {
    String name = call.string("proposedName").strip();
    Optional<Enterprise> same = world.get().enterpriseNamed(name);
    if (same.isPresent()) {
      return unavailable("与已登记的市场主体名称相同（" + same.get().uscc() + "）");
    }
    for (String word : RESTRICTED_WORDS) {
      if (name.contains(word)) {
        return unavailable("名称中含有“" + word + "”字样，须经国务院批准");
      }
    }
    if (!ORGANISATION_FORM.matcher(name).find()) {
      return unavailable("名称应以组织形式结尾，如“有限公司”“合伙企业”");
    }
    String tradeName = tradeName(name, call.string("regionCode"));
    Optional<Enterprise> sameTradeName = world.get().enterprises().stream()
        .filter(e -> e.regionCode().substring(0, 4).equals(call.string("regionCode").substring(0, 4)))
        .filter(e -> !tradeName.isEmpty() && tradeName(e.name(), e.regionCode()).equals(tradeName))
        .findFirst();
    if (sameTradeName.isPresent()) {
      return unavailable("与同一登记机关辖区内已登记的“" + sameTradeName.get().name() + "”字号及行业表述相同");
    }
    return Reply.ok(new JsonObject().put("available", true).put("reason", "未发现相同或近似的已登记名称"));
  }

  /** The name without its leading city and trailing organisation form: 杭州杰越信息技术有限公司 → 杰越信息技术. */
  private static String tradeName(String name, String regionCode) {
    String rest = ORGANISATION_FORM.matcher(name).replaceAll("");
    Optional<Region> region = Region.byCode(regionCode);
    if (region.isPresent()) {
      String city = region.get().city();
      String cityShort = city.substring(0, city.length() - 1);
      for (String prefix : List.of(region.get().province(), city, cityShort)) {
        if (rest.startsWith(prefix)) {
          rest = rest.substring(prefix.length());
        }
      }
    }
    return rest;
  }

  private static Reply unavailable(String reason) {
    return Reply.ok(new JsonObject().put("available", false).put("reason", reason));
  }
}
