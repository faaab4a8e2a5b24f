package cn.onething.simulator.population;

import cn.onething.simulator.data.BirthRecord;
import cn.onething.simulator.data.ChinaTime;
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
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** 公安 人口库 — identity checks (binding {@code mps/population-identity}) and newborn household registration. */
public final class PopulationEndpoints {

  private final Supplier<World> world;

  public PopulationEndpoints(Supplier<World> world) {
    this.world = world;
  }

  public List<Endpoint> endpoints() {
    return List.of(
        Endpoint.of(Contracts.binding("mps/population-identity"), this::identity),
        Endpoint.of(Contracts.extra("POST /mps/v1/household-registrations"), this::registerNewborn));
  }

  /** {@code verified} is true when the number exists and the name, if sent, matches; a mismatch reveals nothing more. */
  Reply identity(Call call) {
    Optional<Person> found = world.get().person(call.string("idNumber"));
    if (found.isEmpty()) {
      return Reply.ok(new JsonObject().put("found", false).put("verified", false));
    }
    Person p = found.get();
    String name = call.string("name");
    if (name != null && !name.equals(p.name())) {
      return Reply.ok(new JsonObject().put("found", true).put("verified", false));
    }
    return Reply.ok(new JsonObject().put("found", true).put("verified", true).put("person", new JsonObject()
        .put("name", p.name())
        .put("gender", p.gender())
        .put("birthDate", p.birthDate().toString())
        .put("ethnicity", p.ethnicity())
        .put("householdAddress", p.householdAddress())
        .put("householdRegion", p.regionCode())));
  }

  Reply registerNewborn(Call call) {
    World w = world.get();
    Optional<BirthRecord> birth = w.birth(call.string("birthCertificateNo"));
    if (birth.isEmpty()) {
      return Reply.rejected("BIRTH_CERTIFICATE_NOT_FOUND", "查无此出生医学证明编号");
    }
    BirthRecord b = birth.get();
    if (b.childIdNumber() != null) {
      Person child = w.person(b.childIdNumber()).orElseThrow();
      return Reply.ok(registration(child));
    }
    if (!b.childName().equals(call.string("childName")) || !b.gender().equals(call.string("gender"))
        || !b.birthDate().equals(LocalDate.parse(call.string("birthDate")))) {
      return Reply.rejected("BIRTH_CERTIFICATE_MISMATCH", "新生儿姓名、性别或出生日期与出生医学证明记载不一致");
    }
    String guardianId = call.string("guardianIdNumber");
    if (!guardianId.equals(b.motherId()) && !guardianId.equals(b.fatherId())) {
      return Reply.rejected("GUARDIAN_NOT_PARENT", "申报人应为出生医学证明记载的父亲或母亲");
    }
    String regionCode = call.string("regionCode");
    Optional<Person> parentThere = parentRegisteredIn(w, guardianId, b, regionCode);
    if (parentThere.isEmpty()) {
      return Reply.rejected("REGION_NOT_PARENTS", "新生儿应在父亲或母亲的常住户口所在地登记（随父或随母落户）");
    }
    Person parent = parentThere.get();
    Person father = b.fatherId() == null ? null : w.person(b.fatherId()).orElse(null);
    String ethnicity = father != null ? father.ethnicity() : parent.ethnicity();
    String idNumber = w.allocateIdNumber(regionCode, b.birthDate(), b.gender());
    Person child = new Person(idNumber, b.childName(), b.gender(), b.birthDate(), ethnicity, regionCode,
        parent.householdNo(), parent.householdAddress(), b.fatherId(), b.motherId(), null);
    w.putPerson(child);
    w.putBirth(b.withChild(idNumber));
    LocalDate today = ChinaTime.today();
    String police = Region.byCode(regionCode).map(r -> r.city() + "公安局" + r.district() + "分局")
        .orElse(regionCode + " 公安机关");
    w.addLicence(new Licence(Licences.newLicenceId(w, today), "household-register", idNumber, child.name(),
        child.householdNo(), today, police, true, new JsonObject()));
    w.addLicence(new Licence(Licences.newLicenceId(w, today), "birth-certificate", idNumber, child.name(),
        b.certificateNo(), b.issuedAt(), b.hospital(), true, new JsonObject()));
    return Reply.applied(registration(child));
  }

  private static Optional<Person> parentRegisteredIn(World w, String guardianId, BirthRecord b, String regionCode) {
    return java.util.stream.Stream.of(guardianId, b.motherId(), b.fatherId())
        .filter(Objects::nonNull)
        .map(w::person)
        .flatMap(Optional::stream)
        .filter(p -> p.regionCode().equals(regionCode))
        .findFirst();
  }

  private static JsonObject registration(Person child) {
    return new JsonObject().put("idNumber", child.idNumber()).put("householdNo", child.householdNo())
        .put("householdAddress", child.householdAddress()).put("registeredAt", ChinaTime.today().toString());
  }
}
