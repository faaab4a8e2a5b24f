package cn.onething.simulator.insurance;

import cn.onething.simulator.data.ChinaTime;
import cn.onething.simulator.data.Enterprise;
import cn.onething.simulator.data.Licence;
import cn.onething.simulator.data.Licences;
import cn.onething.simulator.data.Person;
import cn.onething.simulator.data.Uscc;
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

/**
 * 医保与社保 — medical insurance enrolment ({@code nhsa/medical-insurance-enrolment}), employer social insurance
 * registration ({@code mohrss/social-security-registration}) and social security cards. Each is idempotent by its
 * natural key as well: a second enrolment of the same person in the same scheme returns the first.
 */
public final class InsuranceEndpoints {

  static final String ENROLMENTS = "medical-enrolment";
  static final String EMPLOYERS = "social-insurance-employer";
  /** 新生儿出生 90 日内参加居民医保的，自出生之日起享受待遇。 */
  static final int NEWBORN_DAYS = 90;
  static final String RESIDENT_SCHEME = "390";
  private final Supplier<World> world;

  public InsuranceEndpoints(Supplier<World> world) {
    this.world = world;
  }

  public List<Endpoint> endpoints() {
    return List.of(
        Endpoint.of(Contracts.binding("nhsa/medical-insurance-enrolment"), this::enrol),
        Endpoint.of(Contracts.binding("mohrss/social-security-registration"), this::registerEmployer),
        Endpoint.of(Contracts.extra("POST /hrss/v1/social-security-cards"), this::issueCard));
  }

  Reply enrol(Call call) {
    World w = world.get();
    JsonObject insured = call.object("insured");
    String id = insured.getString("idNumber");
    String type = call.string("insuranceType");
    Optional<Reply> identity = checkIdentity(w, id, insured.getString("name"));
    if (identity.isPresent()) {
      return identity.get();
    }
    String key = id + "|" + type;
    Optional<JsonObject> existing = w.record(ENROLMENTS, key);
    if (existing.isPresent()) {
      return Reply.ok(existing.get());
    }
    LocalDate today = ChinaTime.today();
    LocalDate birth = w.person(id).orElseThrow().birthDate();
    LocalDate effective = RESIDENT_SCHEME.equals(type) && !birth.plusDays(NEWBORN_DAYS).isBefore(today) ? birth : today;
    JsonObject enrolment = new JsonObject()
        .put("enrolmentNo", "YB" + call.string("insuredRegion") + String.format("%08d", w.next("enrolment")))
        .put("effectiveDate", effective.toString());
    w.putRecord(ENROLMENTS, key, enrolment);
    return Reply.applied(enrolment);
  }

  /** A USCC with a wrong check character is refused; one the register does not know yet is accepted. */
  Reply registerEmployer(Call call) {
    World w = world.get();
    JsonObject employer = call.object("employer");
    String uscc = employer.getString("uscc");
    if (!Uscc.isValid(uscc)) {
      return Reply.rejected("USCC_CHECK_DIGIT", "统一社会信用代码校验位不正确");
    }
    Optional<String> registeredName = w.enterprise(uscc).map(Enterprise::name);
    if (registeredName.isPresent() && !registeredName.get().equals(employer.getString("name"))) {
      return Reply.rejected("NAME_MISMATCH", "单位名称与市场主体登记的名称不一致");
    }
    Optional<JsonObject> existing = w.record(EMPLOYERS, uscc);
    if (existing.isPresent()) {
      return Reply.ok(existing.get());
    }
    JsonObject registration = new JsonObject()
        .put("registrationNo", "SB" + uscc.substring(2, 8) + String.format("%08d", w.next("social-insurance-employer")))
        .put("registeredAt", ChinaTime.today().toString());
    w.putRecord(EMPLOYERS, uscc, registration);
    return Reply.applied(registration);
  }

  /** Returns the valid card the person already holds, or issues one and its e-licence. */
  Reply issueCard(Call call) {
    World w = world.get();
    String id = call.string("idNumber");
    Optional<Reply> identity = checkIdentity(w, id, call.string("name"));
    if (identity.isPresent()) {
      return identity.get();
    }
    Optional<Licence> held = w.licences(id, "social-security-card").stream().filter(Licence::valid).findFirst();
    if (held.isPresent()) {
      return Reply.ok(card(held.get()));
    }
    LocalDate today = ChinaTime.today();
    Person person = w.person(id).orElseThrow();
    Licence card = new Licence(Licences.newLicenceId(w, today), "social-security-card", id, person.name(),
        "C" + String.format("%08d", 10_000_000 + w.next("social-security-card")), today,
        "人力资源和社会保障部社会保障卡（模拟）", true, new JsonObject());
    w.addLicence(card);
    return Reply.applied(card(card));
  }

  private static JsonObject card(Licence l) {
    return new JsonObject().put("cardNo", l.licenceNo()).put("issuedAt", l.issuedAt().toString());
  }

  private static Optional<Reply> checkIdentity(World w, String id, String name) {
    Optional<Person> person = w.person(id);
    if (person.isEmpty()) {
      return Optional.of(Reply.rejected("PERSON_NOT_FOUND", "人口库中查无此公民身份号码"));
    }
    if (!person.get().name().equals(name)) {
      return Optional.of(Reply.rejected("NAME_MISMATCH", "姓名与公民身份号码不一致"));
    }
    return Optional.empty();
  }
}
