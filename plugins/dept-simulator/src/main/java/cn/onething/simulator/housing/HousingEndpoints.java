package cn.onething.simulator.housing;

import cn.onething.simulator.data.ChinaTime;
import cn.onething.simulator.data.Enterprise;
import cn.onething.simulator.data.Flat;
import cn.onething.simulator.data.Flat.UtilityAccount;
import cn.onething.simulator.data.Person;
import cn.onething.simulator.data.Uscc;
import cn.onething.simulator.data.World;
import cn.onething.simulator.http.Call;
import cn.onething.simulator.http.Contracts;
import cn.onething.simulator.http.Endpoint;
import cn.onething.simulator.http.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * 住建 — housing fund unit registration ({@code mohurd/housing-fund-registration}) and the joint water, power, gas
 * and broadband transfer ({@code mohurd/utilities-transfer}).
 */
public final class HousingEndpoints {

  static final String FUND_UNITS = "housing-fund-unit";
  static final String TRANSFERS = "utilities-transfer";
  /** 《住房公积金管理条例》第十八条: not below 5 %, in principle not above 12 %. */
  static final double MIN_RATE = 5;
  static final double MAX_RATE = 12;
  private final Supplier<World> world;

  public HousingEndpoints(Supplier<World> world) {
    this.world = world;
  }

  public List<Endpoint> endpoints() {
    return List.of(
        Endpoint.of(Contracts.binding("mohurd/housing-fund-registration"), this::registerFundUnit),
        Endpoint.of(Contracts.binding("mohurd/utilities-transfer"), this::transferUtilities));
  }

  Reply registerFundUnit(Call call) {
    World w = world.get();
    JsonObject unit = call.object("unit");
    String uscc = unit.getString("uscc");
    double rate = call.request().getNumber("depositRate").doubleValue();
    if (!Uscc.isValid(uscc)) {
      return Reply.rejected("USCC_CHECK_DIGIT", "统一社会信用代码校验位不正确");
    }
    if (rate < MIN_RATE || rate > MAX_RATE) {
      return Reply.rejected("DEPOSIT_RATE", "缴存比例应在 5% 至 12% 之间");
    }
    Optional<String> registeredName = w.enterprise(uscc).map(Enterprise::name);
    if (registeredName.isPresent() && !registeredName.get().equals(unit.getString("name"))) {
      return Reply.rejected("NAME_MISMATCH", "单位名称与市场主体登记的名称不一致");
    }
    Optional<JsonObject> existing = w.record(FUND_UNITS, uscc);
    if (existing.isPresent()) {
      return Reply.ok(existing.get());
    }
    JsonObject account = new JsonObject()
        .put("unitAccountNo", "GJJ" + uscc.substring(2, 8) + String.format("%07d", w.next("housing-fund-unit")))
        .put("openedAt", ChinaTime.today().toString())
        .put("depositRate", rate);
    w.putRecord(FUND_UNITS, uscc, account);
    return Reply.applied(account);
  }

  /**
   * The new holder must be the registered owner (transfer the title first); the accounts sent, if any, must be the
   * unit's; without accounts every service of the unit is transferred.
   */
  Reply transferUtilities(Call call) {
    World w = world.get();
    String unitNo = call.string("unitNo");
    JsonObject newOwner = call.object("newOwner");
    String ownerId = newOwner.getString("idNumber");
    Optional<Flat> found = w.flatByUnit(unitNo);
    if (found.isEmpty()) {
      return Reply.rejected("UNIT_NOT_FOUND", "查无此不动产单元号");
    }
    String key = unitNo + "|" + ownerId;
    Optional<JsonObject> existing = w.record(TRANSFERS, key);
    if (existing.isPresent()) {
      return Reply.ok(existing.get());
    }
    Flat flat = found.get();
    if (!flat.ownerId().equals(ownerId)) {
      return Reply.rejected("NOT_REGISTERED_OWNER", "新户主不是该不动产的登记权利人（请先办理不动产转移登记）");
    }
    String name = newOwner.getString("name");
    Optional<Person> person = w.person(ownerId);
    if (name != null && person.isPresent() && !person.get().name().equals(name)) {
      return Reply.rejected("NAME_MISMATCH", "新户主姓名与公民身份号码不一致");
    }
    JsonObject accounts = call.object("accounts");
    List<UtilityAccount> chosen = new ArrayList<>();
    for (UtilityAccount account : List.of(flat.water(), flat.power(), flat.gas(), flat.broadband())) {
      String sent = accounts.getString(account.service());
      if (sent != null && !sent.equals(account.accountNo())) {
        return Reply.rejected("ACCOUNT_MISMATCH", "户号与该房屋登记的户号不一致：" + account.service());
      }
      if (sent != null || accounts.isEmpty()) {
        chosen.add(account);
      }
    }
    String holder = name != null ? name : flat.ownerName();
    w.putFlat(flat.withAccounts(
        renamed(flat.water(), chosen, holder), renamed(flat.power(), chosen, holder),
        renamed(flat.gas(), chosen, holder), renamed(flat.broadband(), chosen, holder)));
    JsonArray services = new JsonArray();
    chosen.forEach(a -> services.add(new JsonObject().put("service", a.service()).put("accountNo", a.accountNo())
        .put("provider", a.provider()).put("status", "transferred")));
    JsonObject transfer = new JsonObject()
        .put("transferNo", "GH" + ChinaTime.today().format(DateTimeFormatter.BASIC_ISO_DATE)
            + String.format("%06d", w.next("utilities-transfer")))
        .put("services", services);
    w.putRecord(TRANSFERS, key, transfer);
    return Reply.applied(transfer);
  }

  private static UtilityAccount renamed(UtilityAccount account, List<UtilityAccount> chosen, String holder) {
    return chosen.contains(account)
        ? new UtilityAccount(account.service(), account.accountNo(), account.provider(), holder) : account;
  }
}
