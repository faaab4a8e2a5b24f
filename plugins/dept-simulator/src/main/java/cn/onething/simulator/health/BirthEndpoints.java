package cn.onething.simulator.health;

import cn.onething.simulator.data.BirthRecord;
import cn.onething.simulator.data.ChinaTime;
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

/**
 * 卫健 — birth certificates (出生医学证明). The certificate's e-licence is held by the mother's ID number, because
 * the newborn has none until the household registration; its holder name is the newborn's, as printed on it.
 */
public final class BirthEndpoints {

  static final String BY_BIRTH = "birth-by-mother";
  /** Certificates issued here are R + nine digits, above the seed's numbers. */
  static final long NUMBER_BASE = 330_000_000L;
  private final Supplier<World> world;

  public BirthEndpoints(Supplier<World> world) {
    this.world = world;
  }

  public List<Endpoint> endpoints() {
    return List.of(Endpoint.of(Contracts.extra("POST /nhc/v1/birth-certificates"), this::issue));
  }

  /** Idempotent by mother, birth date and child name too: the same birth gets the same certificate. */
  Reply issue(Call call) {
    World w = world.get();
    String motherId = call.string("motherIdNumber");
    String fatherId = call.string("fatherIdNumber");
    LocalDate birthDate = LocalDate.parse(call.string("birthDate"));
    String childName = call.string("childName");
    Optional<Person> mother = w.person(motherId);
    if (mother.isEmpty()) {
      return Reply.rejected("MOTHER_NOT_FOUND", "人口库中查无母亲的公民身份号码");
    }
    if (!"2".equals(mother.get().gender())) {
      return Reply.rejected("MOTHER_NOT_FEMALE", "母亲的公民身份号码性别码不是女性");
    }
    if (fatherId != null) {
      Optional<Person> father = w.person(fatherId);
      if (father.isEmpty()) {
        return Reply.rejected("FATHER_NOT_FOUND", "人口库中查无父亲的公民身份号码");
      }
      if (!"1".equals(father.get().gender())) {
        return Reply.rejected("FATHER_NOT_MALE", "父亲的公民身份号码性别码不是男性");
      }
    }
    LocalDate today = ChinaTime.today();
    if (birthDate.isAfter(today)) {
      return Reply.rejected("BIRTH_DATE_IN_FUTURE", "出生日期不能晚于今天");
    }
    String key = motherId + "|" + birthDate + "|" + childName;
    Optional<JsonObject> existing = w.record(BY_BIRTH, key);
    if (existing.isPresent()) {
      return Reply.ok(existing.get());
    }
    String certificateNo = "R" + String.format("%09d", NUMBER_BASE + w.next("birth-certificate"));
    String hospital = call.string("hospital");
    w.putBirth(new BirthRecord(certificateNo, motherId, fatherId, childName, call.string("gender"), birthDate,
        hospital, call.request().getString("birthPlace", hospital), today, null));
    w.addLicence(new Licence(Licences.newLicenceId(w, today), "birth-certificate", motherId, childName,
        certificateNo, today, hospital, true, new JsonObject()));
    JsonObject reply = new JsonObject().put("certificateNo", certificateNo).put("issuedAt", today.toString());
    w.putRecord(BY_BIRTH, key, reply);
    return Reply.applied(reply);
  }
}
