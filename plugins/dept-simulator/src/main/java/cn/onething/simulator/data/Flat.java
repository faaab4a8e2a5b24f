package cn.onething.simulator.data;

import java.time.LocalDate;

/**
 * 不动产 — a registered unit (here always a flat), its current certificate, owner and utility accounts.
 *
 * @param unitNo 28-character GB/T 37346 unit code
 * @param use    房屋用途 code, "10" 住宅
 */
public record Flat(String certificateNo, String unitNo, String address, String regionCode, double area, String use,
                   String ownerId, String ownerName, LocalDate registeredAt,
                   UtilityAccount water, UtilityAccount power, UtilityAccount gas, UtilityAccount broadband) {

  /** 公用事业户号 — an account with a utility company. */
  public record UtilityAccount(String service, String accountNo, String provider, String holderName) {
  }

  public Flat withOwner(String newCertificateNo, String idNumber, String name, LocalDate day) {
    return new Flat(newCertificateNo, unitNo, address, regionCode, area, use, idNumber, name, day,
        water, power, gas, broadband);
  }

  public Flat withAccounts(UtilityAccount water, UtilityAccount power, UtilityAccount gas, UtilityAccount broadband) {
    return new Flat(certificateNo, unitNo, address, regionCode, area, use, ownerId, ownerName, registeredAt,
        water, power, gas, broadband);
  }
}
