// The 新生儿出生一件事 form as a citizen fills it in, shared by the browser scripts that submit one.

const today = new Date(Date.now() + 8 * 3600 * 1000) // Asia/Shanghai
/** The date n days before today, China time, as YYYY-MM-DD. */
export const daysAgo = (n) => new Date(today.getTime() - n * 86400000).toISOString().slice(0, 10)

/** Text fields by name. */
export const newborn = {
  applicant_person_mobile: '13800138000', mother_person_nationality: 'CHN',
  newborn_person_name: '张小满', newborn_person_birthDate: daysAgo(5),
  newborn_birth_time: '08:30', newborn_birth_place: '浙江省杭州市西湖区', newborn_birth_length: '50.5',
  newborn_birth_weight: '3300', newborn_birth_gestationalWeeks: '39', newborn_birth_institution: '浙江大学医学院附属妇产科医院',
  mps_birth_registration__relationToHouseholder: '女',
  newborn_person_householdAddress: '浙江省杭州市西湖区文三路478号2幢1单元601室',
  newborn_person_residenceAddress: '浙江省杭州市西湖区文三路478号2幢1单元601室',
  newborn_health_vaccinationClinic: '西湖区北山街道社区卫生服务中心', newborn_medical_insuredRegion: '330106',
  newborn_social_cardBank: '中国工商银行杭州分行',
}
export const choices = {
  applicant_person_relationship: '52', newborn_person_gender: '2',
  nhc_birth_medical_certificate__birthPlaceCategory: '1', nhc_birth_medical_certificate__newbornHealth: '1',
  mps_birth_registration__settleWith: 'father', newborn_medical_insuranceType: '390',
}
