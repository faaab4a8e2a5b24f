package cn.onething.simulator.data;

import java.time.LocalDate;

/**
 * 出生医学证明 — a birth certificate issued by a midwifery institution.
 *
 * @param childIdNumber set once the newborn's household registration allocated an ID number; null before
 */
public record BirthRecord(String certificateNo, String motherId, String fatherId, String childName, String gender,
                          LocalDate birthDate, String hospital, String birthPlace, LocalDate issuedAt,
                          String childIdNumber) {

  public BirthRecord withChild(String idNumber) {
    return new BirthRecord(certificateNo, motherId, fatherId, childName, gender, birthDate, hospital, birthPlace,
        issuedAt, idNumber);
  }
}
