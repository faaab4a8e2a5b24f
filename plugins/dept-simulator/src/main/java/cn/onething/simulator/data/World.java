package cn.onething.simulator.data;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated departments' shared state: population, market entities, realty, e-licences, tax arrears and the
 * records that writes leave behind. In memory, re-seeded at each start; every method is synchronized because
 * payment callbacks may touch it from another thread than the HTTP server's event loop.
 */
public final class World {

  private final Map<String, Person> persons = new LinkedHashMap<>();
  private final Map<String, Enterprise> enterprises = new LinkedHashMap<>();
  private final Map<String, Flat> flatsByUnit = new LinkedHashMap<>();
  private final Map<String, String> unitByCertificate = new HashMap<>();
  private final Set<String> cancelledCertificates = new HashSet<>();
  private final Map<String, List<Licence>> licencesByHolderAndType = new LinkedHashMap<>();
  private final Map<String, TaxArrears> arrears = new HashMap<>();
  private final Map<String, BirthRecord> births = new LinkedHashMap<>();
  private final Map<String, Map<String, JsonObject>> ledgers = new HashMap<>();
  private final Map<String, Long> sequences = new HashMap<>();

  // population

  public synchronized Optional<Person> person(String idNumber) {
    return Optional.ofNullable(persons.get(idNumber));
  }

  public synchronized void putPerson(Person person) {
    persons.put(person.idNumber(), person);
  }

  public synchronized List<Person> persons() {
    return List.copyOf(persons.values());
  }

  public synchronized boolean idNumberTaken(String idNumber) {
    return persons.containsKey(idNumber);
  }

  // market entities

  public synchronized Optional<Enterprise> enterprise(String uscc) {
    return Optional.ofNullable(enterprises.get(uscc));
  }

  public synchronized Optional<Enterprise> enterpriseNamed(String name) {
    return enterprises.values().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  public synchronized void putEnterprise(Enterprise enterprise) {
    enterprises.put(enterprise.uscc(), enterprise);
  }

  public synchronized List<Enterprise> enterprises() {
    return List.copyOf(enterprises.values());
  }

  // realty

  /** The flat whose current certificate is {@code certificateNo}; a cancelled certificate finds nothing. */
  public synchronized Optional<Flat> flatByCertificate(String certificateNo) {
    String unit = unitByCertificate.get(certificateNo);
    return unit == null || cancelledCertificates.contains(certificateNo)
        ? Optional.empty() : Optional.ofNullable(flatsByUnit.get(unit));
  }

  public synchronized boolean certificateCancelled(String certificateNo) {
    return cancelledCertificates.contains(certificateNo);
  }

  public synchronized Optional<Flat> flatByUnit(String unitNo) {
    return Optional.ofNullable(flatsByUnit.get(unitNo));
  }

  public synchronized void putFlat(Flat flat) {
    Flat previous = flatsByUnit.put(flat.unitNo(), flat);
    if (previous != null && !previous.certificateNo().equals(flat.certificateNo())) {
      cancelledCertificates.add(previous.certificateNo());
    }
    unitByCertificate.put(flat.certificateNo(), flat.unitNo());
  }

  public synchronized List<Flat> flats() {
    return List.copyOf(flatsByUnit.values());
  }

  public synchronized List<Flat> flatsOwnedBy(String idNumber) {
    return flatsByUnit.values().stream().filter(f -> f.ownerId().equals(idNumber)).toList();
  }

  // e-licences

  public synchronized void addLicence(Licence licence) {
    licencesByHolderAndType.computeIfAbsent(licenceKey(licence.holderId(), licence.type()), k -> new ArrayList<>())
        .add(licence);
  }

  /** The holder's licences of a type, newest first. */
  public synchronized List<Licence> licences(String holderId, String type) {
    List<Licence> found = new ArrayList<>(licencesByHolderAndType.getOrDefault(licenceKey(holderId, type), List.of()));
    found.sort(Comparator.comparing(Licence::issuedAt).thenComparing(Licence::licenceId).reversed());
    return found;
  }

  public synchronized Optional<Licence> licence(String holderId, String type, String licenceNo) {
    return licencesByHolderAndType.getOrDefault(licenceKey(holderId, type), List.of()).stream()
        .filter(l -> l.licenceNo().equals(licenceNo)).findFirst();
  }

  public synchronized void invalidateLicence(String holderId, String type, String licenceNo) {
    List<Licence> list = licencesByHolderAndType.get(licenceKey(holderId, type));
    if (list != null) {
      list.replaceAll(l -> l.licenceNo().equals(licenceNo) ? l.invalidated() : l);
    }
  }

  public synchronized List<Licence> allLicences() {
    return licencesByHolderAndType.values().stream().flatMap(Collection::stream).toList();
  }

  private static String licenceKey(String holderId, String type) {
    return holderId + "|" + type;
  }

  // tax

  public synchronized Optional<TaxArrears> arrears(String taxpayerId) {
    return Optional.ofNullable(arrears.get(taxpayerId));
  }

  public synchronized void putArrears(String taxpayerId, TaxArrears owed) {
    arrears.put(taxpayerId, owed);
  }

  // births

  public synchronized Optional<BirthRecord> birth(String certificateNo) {
    return Optional.ofNullable(births.get(certificateNo));
  }

  public synchronized void putBirth(BirthRecord record) {
    births.put(record.certificateNo(), record);
  }

  // records left by writes, one ledger per kind, keyed by the write's natural key

  public synchronized Optional<JsonObject> record(String ledger, String key) {
    return Optional.ofNullable(ledgers.getOrDefault(ledger, Map.of()).get(key)).map(JsonObject::copy);
  }

  public synchronized void putRecord(String ledger, String key, JsonObject value) {
    ledgers.computeIfAbsent(ledger, k -> new LinkedHashMap<>()).put(key, value.copy());
  }

  public synchronized List<JsonObject> records(String ledger) {
    return ledgers.getOrDefault(ledger, Map.of()).values().stream().map(JsonObject::copy).toList();
  }

  /** The next number of a named sequence, from 1. */
  public synchronized long next(String sequence) {
    return sequences.merge(sequence, 1L, Long::sum);
  }

  /** A free sequence number (0–999, odd for "1" male, even for "2" female) for an ID number. */
  public synchronized String allocateIdNumber(String regionCode, LocalDate birthDate, String gender) {
    int start = "1".equals(gender) ? 1 : 0;
    for (int seq = start + 100; seq < 1000; seq += 2) {
      String id = IdNumbers.of(regionCode, birthDate, seq);
      if (!persons.containsKey(id)) {
        return id;
      }
    }
    throw new IllegalStateException("no free ID number for " + regionCode + " " + birthDate);
  }
}
