package cn.onething.simulator.realty;

import cn.onething.simulator.data.ChinaTime;
import cn.onething.simulator.data.Flat;
import cn.onething.simulator.data.Licence;
import cn.onething.simulator.data.Licences;
import cn.onething.simulator.data.Person;
import cn.onething.simulator.data.Region;
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

/** 不动产登记 — registry lookup ({@code mnr/realty-registry-lookup}) and transfer of ownership. */
public final class RealtyEndpoints {

  static final String TRANSFERS = "realty-transfer";
  static final int NEW_CERTIFICATE_BASE = 2_000_000;
  private final Supplier<World> world;

  public RealtyEndpoints(Supplier<World> world) {
    this.world = world;
  }

  public List<Endpoint> endpoints() {
    return List.of(
        Endpoint.of(Contracts.binding("mnr/realty-registry-lookup"), this::lookup),
        Endpoint.of(Contracts.extra("POST /realty/v1/transfers"), this::transfer));
  }

  /** ASCII parentheses are accepted for the full-width ones real certificates print: 浙(2023) = 浙（2023）. */
  public static String normalise(String certificateNo) {
    return certificateNo.strip().replace('(', '（').replace(')', '）');
  }

  /** A cancelled certificate, or one not held by {@code ownerIdNumber} when given, is {@code found: false}. */
  Reply lookup(Call call) {
    World w = world.get();
    String certificateNo = normalise(call.string("certificateNo"));
    Optional<Flat> flat = w.flatByCertificate(certificateNo);
    String owner = call.string("ownerIdNumber");
    if (flat.isEmpty() || (owner != null && !owner.equals(flat.get().ownerId()))) {
      JsonObject miss = new JsonObject().put("found", false);
      if (w.certificateCancelled(certificateNo)) {
        miss.put("cancelled", true);
      }
      return Reply.ok(miss);
    }
    Flat f = flat.get();
    return Reply.ok(new JsonObject()
        .put("found", true)
        .put("certificateNo", f.certificateNo())
        .put("registeredAt", f.registeredAt().toString())
        .put("unit", new JsonObject().put("unitNo", f.unitNo()).put("address", f.address()).put("area", f.area())
            .put("use", f.use()))
        .put("owner", new JsonObject().put("name", f.ownerName()).put("idNumber", f.ownerId())));
  }

  /** Cancels the seller's certificate, registers the buyer under a new one and issues the buyer's e-licence. */
  Reply transfer(Call call) {
    World w = world.get();
    String certificateNo = normalise(call.string("certificateNo"));
    String seller = call.string("sellerIdNumber");
    String buyer = call.string("buyerIdNumber");
    String buyerName = call.string("buyerName");
    Optional<JsonObject> done = w.record(TRANSFERS, certificateNo);
    if (done.isPresent() && done.get().getString("buyerIdNumber").equals(buyer)) {
      return Reply.ok(done.get().getJsonObject("reply"));
    }
    Optional<Flat> flat = w.flatByCertificate(certificateNo);
    if (flat.isEmpty()) {
      return w.certificateCancelled(certificateNo)
          ? Reply.rejected("CERTIFICATE_CANCELLED", "该不动产权证书已注销")
          : Reply.rejected("CERTIFICATE_NOT_FOUND", "查无此不动产权证书");
    }
    Flat f = flat.get();
    if (!f.ownerId().equals(seller)) {
      return Reply.rejected("SELLER_NOT_OWNER", "转让方不是该不动产的登记权利人");
    }
    if (seller.equals(buyer)) {
      return Reply.rejected("SAME_PARTY", "转让方与受让方不能为同一人");
    }
    Optional<Person> buyerPerson = w.person(buyer);
    if (buyerPerson.isEmpty()) {
      return Reply.rejected("BUYER_NOT_FOUND", "人口库中查无受让方");
    }
    if (!buyerPerson.get().name().equals(buyerName)) {
      return Reply.rejected("BUYER_NAME_MISMATCH", "受让方姓名与公民身份号码不一致");
    }
    LocalDate today = ChinaTime.today();
    Region region = Region.byCode(f.regionCode()).orElseThrow();
    String newCertificateNo = region.provinceShort() + "（" + today.getYear() + "）" + region.city() + "不动产权第"
        + String.format("%07d", NEW_CERTIFICATE_BASE + w.next("realty-certificate")) + "号";
    w.putFlat(f.withOwner(newCertificateNo, buyer, buyerName, today));
    w.invalidateLicence(seller, "realty-certificate", certificateNo);
    w.addLicence(new Licence(Licences.newLicenceId(w, today), "realty-certificate", buyer, buyerName, newCertificateNo,
        today, region.city() + "规划和自然资源局", true, new JsonObject()));
    JsonObject reply = new JsonObject().put("newCertificateNo", newCertificateNo).put("unitNo", f.unitNo())
        .put("registeredAt", today.toString());
    w.putRecord(TRANSFERS, certificateNo, new JsonObject().put("buyerIdNumber", buyer).put("reply", reply));
    return Reply.applied(reply);
  }
}
