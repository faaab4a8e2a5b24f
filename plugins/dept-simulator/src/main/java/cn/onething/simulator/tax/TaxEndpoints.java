package cn.onething.simulator.tax;

import cn.onething.simulator.data.ChinaTime;
import cn.onething.simulator.data.Enterprise;
import cn.onething.simulator.data.Person;
import cn.onething.simulator.data.TaxArrears;
import cn.onething.simulator.data.World;
import cn.onething.simulator.http.Call;
import cn.onething.simulator.http.Contracts;
import cn.onething.simulator.http.Endpoint;
import cn.onething.simulator.http.Reply;
import cn.onething.simulator.realty.RealtyEndpoints;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** 金税 — tax status ({@code sta/tax-status}), deed tax calculation ({@code sta/deed-tax-calculation}) and payment. */
public final class TaxEndpoints {

  static final String PAYMENTS = "deed-tax-payment";
  /** Enterprises with at least this registered capital (万元) are shown as general VAT taxpayers. */
  static final double GENERAL_TAXPAYER_CAPITAL = 500;
  static final double LARGE_FLAT_AREA = 140;
  static final String POLICY = "依《财政部 税务总局 住房城乡建设部关于促进房地产市场平稳健康发展有关税收政策的公告》"
      + "（2024年第16号）：家庭唯一住房面积140平方米及以下按1%，以上按1.5%；第二套住房140平方米及以下按1%，以上按2%。";
  private final Supplier<World> world;

  public TaxEndpoints(Supplier<World> world) {
    this.world = world;
  }

  public List<Endpoint> endpoints() {
    return List.of(
        Endpoint.of(Contracts.binding("sta/tax-status"), this::status),
        Endpoint.of(Contracts.binding("sta/deed-tax-calculation"), this::calculate),
        Endpoint.of(Contracts.extra("POST /tax/v1/deed-tax/payments"), this::pay));
  }

  /**
   * The template has no "not found" shape, so an unknown taxpayer answers {@code found: false} with
   * {@code status.clear: false}: nobody can certify a taxpayer the system does not know.
   */
  Reply status(Call call) {
    World w = world.get();
    String id = call.string("taxpayerId");
    Optional<Person> person = w.person(id);
    Optional<Enterprise> enterprise = w.enterprise(id);
    if (person.isEmpty() && enterprise.isEmpty()) {
      return Reply.ok(new JsonObject().put("found", false).put("status", new JsonObject().put("clear", false)));
    }
    JsonObject taxpayer = new JsonObject().put("taxpayerId", id);
    person.ifPresent(p -> taxpayer.put("name", p.name()));
    enterprise.ifPresent(e -> taxpayer.put("name", e.name())
        .put("taxpayerType", e.registeredCapital() >= GENERAL_TAXPAYER_CAPITAL ? "general" : "small-scale"));
    TaxArrears owed = w.arrears(id).orElse(new TaxArrears(0, 0));
    return Reply.ok(new JsonObject().put("found", true).put("taxpayer", taxpayer).put("status", new JsonObject()
        .put("clear", owed.unpaidTax() == 0 && owed.unfiledReturns() == 0)
        .put("unpaidTax", owed.unpaidTax())
        .put("unfiledReturns", owed.unfiledReturns())));
  }

  /** Without {@code firstHome} the buyer's first home is assumed when the registry shows no flat of theirs. */
  Reply calculate(Call call) {
    JsonObject house = call.object("house");
    JsonObject buyer = call.object("buyer");
    double price = house.getNumber("transactionPrice").doubleValue();
    double area = house.getNumber("area").doubleValue();
    if (price <= 0 || area <= 0) {
      return Reply.rejected("INVALID_AMOUNT", "成交价格和面积应大于零");
    }
    Boolean firstHome = buyer.getBoolean("firstHome");
    boolean first = firstHome != null ? firstHome : world.get().flatsOwnedBy(buyer.getString("idNumber")).isEmpty();
    double rate = area <= LARGE_FLAT_AREA ? 0.01 : first ? 0.015 : 0.02;
    BigDecimal amount = BigDecimal.valueOf(price).multiply(BigDecimal.valueOf(rate)).setScale(2, RoundingMode.HALF_UP);
    return Reply.ok(new JsonObject()
        .put("deedTaxAmount", amount.doubleValue())
        .put("rate", rate)
        .put("taxBase", price)
        .put("firstHome", first)
        .put("policy", POLICY));
  }

  /** Idempotent by buyer and certificate too: a second payment for the same purchase returns the first receipt. */
  Reply pay(Call call) {
    World w = world.get();
    String buyer = call.string("buyerIdNumber");
    String certificateNo = RealtyEndpoints.normalise(call.string("certificateNo"));
    String key = buyer + "|" + certificateNo;
    Optional<JsonObject> paid = w.record(PAYMENTS, key);
    if (paid.isPresent()) {
      return Reply.ok(paid.get());
    }
    if (w.person(buyer).isEmpty()) {
      return Reply.rejected("BUYER_NOT_FOUND", "人口库中查无纳税人");
    }
    if (w.flatByCertificate(certificateNo).isEmpty() && !w.certificateCancelled(certificateNo)) {
      return Reply.rejected("CERTIFICATE_NOT_FOUND", "查无此不动产权证书");
    }
    OffsetDateTime now = ChinaTime.now();
    JsonObject receipt = new JsonObject()
        .put("taxReceiptNo", "DT" + now.format(DateTimeFormatter.BASIC_ISO_DATE).substring(0, 8)
            + String.format("%06d", w.next("deed-tax-receipt")))
        .put("paidAt", now.toString())
        .put("amount", call.request().getNumber("amount").doubleValue());
    w.putRecord(PAYMENTS, key, receipt);
    return Reply.applied(receipt);
  }
}
