package cn.onething.simulator.licence;

import cn.onething.simulator.data.BirthRecord;
import cn.onething.simulator.data.ChinaTime;
import cn.onething.simulator.data.Enterprise;
import cn.onething.simulator.data.Licence;
import cn.onething.simulator.data.Licences;
import cn.onething.simulator.data.Person;
import cn.onething.simulator.data.World;
import cn.onething.simulator.http.Call;
import cn.onething.simulator.http.Contracts;
import cn.onething.simulator.http.Endpoint;
import cn.onething.simulator.http.Reply;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** 电子证照库 — lookup ({@code national/e-licence-lookup}) and issuance ({@code national/e-licence-issue}). */
public final class LicenceEndpoints {

  static final String DEFAULT_ISSUER = "全国一体化政务服务平台电子证照系统（模拟）";
  private final Supplier<World> world;

  public LicenceEndpoints(Supplier<World> world) {
    this.world = world;
  }

  public List<Endpoint> endpoints() {
    return List.of(
        Endpoint.of(Contracts.binding("national/e-licence-lookup"), this::lookup),
        Endpoint.of(Contracts.binding("national/e-licence-issue"), this::issue));
  }

  /** The holder's newest valid licence of the type, else the newest invalid one, else {@code found: false}. */
  Reply lookup(Call call) {
    String type = call.string("licenceType");
    if (!Licences.TYPES.containsKey(type)) {
      return Reply.rejected("UNKNOWN_LICENCE_TYPE", "不支持的电子证照类型：" + type);
    }
    List<Licence> held = world.get().licences(call.string("holderId"), type);
    Optional<Licence> best = held.stream().filter(Licence::valid).findFirst().or(() -> held.stream().findFirst());
    if (best.isEmpty()) {
      return Reply.ok(new JsonObject().put("found", false));
    }
    Licence l = best.get();
    JsonObject licence = new JsonObject()
        .put("licenceId", l.licenceId())
        .put("licenceType", l.type())
        .put("licenceNo", l.licenceNo())
        .put("issuedAt", l.issuedAt().toString())
        .put("valid", l.valid())
        .put("issuer", l.issuer());
    if (l.holderName() != null) {
      licence.put("holderName", l.holderName());
    }
    return Reply.ok(new JsonObject().put("found", true).put("licence", licence));
  }

  /** Idempotent by its natural key too: the same type, holder and number return the licence already issued. */
  Reply issue(Call call) {
    String type = call.string("licenceType");
    String holderId = call.string("holderId");
    String licenceNo = call.string("licenceNo");
    if (!Licences.TYPES.containsKey(type)) {
      return Reply.rejected("UNKNOWN_LICENCE_TYPE", "不支持的电子证照类型：" + type);
    }
    if (Licences.NOT_ISSUABLE.contains(type)) {
      return Reply.rejected("NOT_ISSUABLE", "该类证照不经本接口签发（居民身份证由公安机关制证，毕业证书由学籍学历系统发放）");
    }
    if (!Licences.holderFits(type, holderId)) {
      return Reply.rejected("HOLDER_MISMATCH", "持证主体标识与证照类型不符，或其校验位不正确");
    }
    World w = world.get();
    Optional<Licence> existing = w.licence(holderId, type, licenceNo);
    if (existing.isPresent()) {
      return Reply.ok(issued(existing.get()));
    }
    JsonObject data = call.object("data");
    LocalDate today = ChinaTime.today();
    if ("business-licence".equals(type) && w.enterprise(holderId).isEmpty() && data.getValue("name") instanceof String name) {
      w.putEnterprise(newEnterprise(holderId, name, data, today));
    }
    Licence licence = new Licence(Licences.newLicenceId(w, today), type, holderId, holderName(w, type, holderId, licenceNo, data),
        licenceNo, today, data.getValue("issuer") instanceof String issuer ? issuer : DEFAULT_ISSUER, true, data);
    w.addLicence(licence);
    return Reply.applied(issued(licence));
  }

  /**
   * The name on the licence: {@code data.holderName} if given; for a birth certificate the newborn's name from the
   * certificate (the mother holds it); else the registered person's or enterprise's name.
   */
  private static String holderName(World w, String type, String holderId, String licenceNo, JsonObject data) {
    if (data.getValue("holderName") instanceof String name) {
      return name;
    }
    if ("birth-certificate".equals(type)) {
      Optional<String> child = w.birth(licenceNo).map(BirthRecord::childName);
      if (child.isPresent()) {
        return child.get();
      }
    }
    return w.person(holderId).map(Person::name)
        .or(() -> w.enterprise(holderId).map(Enterprise::name))
        .orElse(data.getValue("name") instanceof String name ? name : null);
  }

  private static Enterprise newEnterprise(String uscc, String name, JsonObject data, LocalDate today) {
    return new Enterprise(uscc, name, data.getString("type", "llc"), data.getString("address", ""),
        uscc.substring(2, 8), data.getValue("registeredCapital") instanceof Number n ? n.doubleValue() : 0,
        data.getString("businessScope", ""), today, "存续（在营、开业、在册）",
        data.getString("legalRepresentativeIdNumber"), data.getString("legalRepresentativeName"), "");
  }

  private static JsonObject issued(Licence l) {
    return new JsonObject().put("licenceId", l.licenceId()).put("issuedAt", l.issuedAt().toString())
        .put("licenceNo", l.licenceNo());
  }
}
