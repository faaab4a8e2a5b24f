package cn.onething.simulator.data;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/** 证照目录 — the 16 e-licence types of the national catalogue, who may hold each, and licence IDs. */
public final class Licences {

  /** Holder kinds: a person (ID number), an enterprise (USCC) or either. */
  public enum Holder { PERSON, ENTERPRISE, EITHER }

  public static final Map<String, Holder> TYPES = Map.ofEntries(
      Map.entry("id-card", Holder.PERSON),
      Map.entry("household-register", Holder.PERSON),
      Map.entry("residence-permit", Holder.PERSON),
      Map.entry("marriage-certificate", Holder.PERSON),
      Map.entry("birth-certificate", Holder.PERSON),
      Map.entry("vaccination-certificate", Holder.PERSON),
      Map.entry("business-licence", Holder.ENTERPRISE),
      Map.entry("food-business-licence", Holder.ENTERPRISE),
      Map.entry("social-security-card", Holder.PERSON),
      Map.entry("retirement-certificate", Holder.PERSON),
      Map.entry("realty-certificate", Holder.EITHER),
      Map.entry("land-use-planning-permit", Holder.ENTERPRISE),
      Map.entry("construction-planning-permit", Holder.ENTERPRISE),
      Map.entry("construction-permit", Holder.ENTERPRISE),
      Map.entry("graduation-certificate", Holder.PERSON),
      Map.entry("disability-certificate", Holder.PERSON));

  /** Types the issue interface does not serve: ID cards come from the police card system, diplomas from schools. */
  public static final Set<String> NOT_ISSUABLE = Set.of("id-card", "graduation-certificate");

  private Licences() {
  }

  /** "DZZZ2025" + an eight-digit sequence: unique within one simulator run. */
  public static String newLicenceId(World world, LocalDate issuedAt) {
    return "DZZZ" + issuedAt.getYear() + String.format("%08d", world.next("licence-id"));
  }

  /** Whether {@code holderId} is the right kind of identifier, with a valid check character, for the type. */
  public static boolean holderFits(String type, String holderId) {
    Holder holder = TYPES.get(type);
    boolean person = IdNumbers.isValid(holderId);
    boolean enterprise = Uscc.isValid(holderId);
    return switch (holder) {
      case PERSON -> person;
      case ENTERPRISE -> enterprise;
      case EITHER -> person || enterprise;
    };
  }
}
