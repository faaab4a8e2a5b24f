package cn.onething.simulator.data;

import cn.onething.simulator.data.Flat.UtilityAccount;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * 种子数据 — builds the same synthetic world at every start: the demo identities, about 200 more persons in
 * families across Zhejiang and Guangdong, about 30 market entities, about 30 flats and the e-licences that go
 * with them. Deterministic: one fixed-seed {@link Random}, dates relative to {@link #REFERENCE_DAY}.
 */
public final class SeedData {

  /** The day the seed is "as of"; ages and issue dates are computed against it, never against the clock. */
  public static final LocalDate REFERENCE_DAY = LocalDate.of(2025, 6, 1);
  public static final long SEED = 20250601L;
  static final int EXTRA_PERSONS = 200;
  static final int EXTRA_ENTERPRISES = 29;
  static final int EXTRA_FLATS = 29;

  /** 张伟, the demo buyer and father. */
  public static final String ZHANG_WEI = "330106199003071236";
  /** 李娜, 张伟's wife, about to give birth. */
  public static final String LI_NA = "330106199208151424";
  /** 陈杰, legal representative of a 杭州 company and the seller of a flat. */
  public static final String CHEN_JIE = "330102198511203514";
  public static final String CHEN_JIE_CERTIFICATE = "浙（2023）杭州市不动产权第0123456号";
  public static final String CHEN_JIE_UNIT = "330102005003GB00123F00031101";
  public static final String CHEN_JIE_COMPANY_NAME = "杭州杰越信息技术有限公司";
  public static final String ZHANG_LI_MARRIAGE_NO = "J330106-2019-000518";

  private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢钟汪金陆戴";
  private static final String MALE_CHARS = "伟强磊军勇杰涛明超亮刚平辉鹏华飞鑫波斌宇浩凯健俊帆建国志文博轩睿晨";
  private static final String FEMALE_CHARS = "芳娜敏静丽艳娟霞秀玲桂英燕萍红琳雪婷慧颖欣怡佳雨梦瑶涵琪思晓";
  private static final String[] ETHNIC_MINORITIES = {"02", "03", "04", "06", "08", "09", "10", "11", "12", "15", "18"};
  private static final String[] SHOP_NAMES = {"云栖", "钱塘", "之江", "明远", "嘉禾", "华腾", "启航", "博瑞", "鼎盛", "恒通",
      "智汇", "锦程", "瑞丰", "众创", "远景", "天成", "新元", "海纳", "立信", "百川", "星河", "宏图", "清源", "安和",
      "盛世", "诚达", "卓越", "拓新", "润泽", "正和"};
  private static final Industry[] INDUSTRIES = {
      new Industry("信息技术", "I6510", "软件开发；信息技术咨询服务；信息系统集成服务；数据处理和存储支持服务。"),
      new Industry("餐饮管理", "H6210", "餐饮服务；餐饮管理；食品销售（仅销售预包装食品）。"),
      new Industry("建设工程", "E4790", "房屋建筑和市政基础设施项目工程总承包；建设工程施工；工程管理服务。"),
      new Industry("商贸", "F5191", "日用百货销售；五金产品批发；电子产品销售；货物进出口。"),
      new Industry("文化传媒", "R8710", "组织文化艺术交流活动；广告设计、代理；会议及展览服务。"),
      new Industry("物业管理", "K7020", "物业管理；停车场服务；家政服务。"),
      new Industry("生物科技", "M7340", "技术服务、技术开发、技术咨询；第一类医疗器械销售。")};

  private final Random random = new Random(SEED);
  private final World world = new World();
  private final List<Person> adults = new ArrayList<>();
  private int householdCounter;

  private SeedData() {
  }

  /** A freshly seeded world. */
  public static World create() {
    return new SeedData().build();
  }

  private World build() {
    seedDemoIdentities();
    while (world.persons().size() < EXTRA_PERSONS + 3) {
      seedFamily();
    }
    for (int i = 0; i < EXTRA_ENTERPRISES; i++) {
      seedEnterprise(i);
    }
    for (int i = 0; i < EXTRA_FLATS; i++) {
      seedFlat(i);
    }
    seedTaxArrears();
    return world;
  }

  // demo identities

  private void seedDemoIdentities() {
    Region xihu = Region.byCode("330106").orElseThrow();
    String zhangHousehold = nextHouseholdNo();
    String zhangAddress = "浙江省杭州市西湖区文三路478号2幢1单元601室";
    Person zhangWei = new Person(ZHANG_WEI, "张伟", "1", LocalDate.of(1990, 3, 7), "01", xihu.code(),
        zhangHousehold, zhangAddress, null, null, LI_NA);
    Person liNa = new Person(LI_NA, "李娜", "2", LocalDate.of(1992, 8, 15), "01", xihu.code(),
        zhangHousehold, zhangAddress, null, null, ZHANG_WEI);
    addPerson(zhangWei);
    addPerson(liNa);
    personLicences(zhangWei, xihu);
    personLicences(liNa, xihu);
    marriage(zhangWei, liNa, ZHANG_LI_MARRIAGE_NO, LocalDate.of(2019, 5, 20), xihu);
    addLicence("social-security-card", ZHANG_WEI, "张伟", "A33010612", LocalDate.of(2016, 9, 1),
        "杭州市人力资源和社会保障局");
    addLicence("social-security-card", LI_NA, "李娜", "A33010613", LocalDate.of(2017, 3, 15),
        "杭州市人力资源和社会保障局");

    Region shangcheng = Region.byCode("330102").orElseThrow();
    Person chenJie = new Person(CHEN_JIE, "陈杰", "1", LocalDate.of(1985, 11, 20), "01", shangcheng.code(),
        nextHouseholdNo(), "浙江省杭州市上城区清泰街358号5幢3单元702室", null, null, null);
    addPerson(chenJie);
    personLicences(chenJie, shangcheng);
    addLicence("social-security-card", CHEN_JIE, "陈杰", "A33010208", LocalDate.of(2012, 6, 1),
        "杭州市人力资源和社会保障局");

    Enterprise company = new Enterprise(Uscc.enterprise("330102", "MA2H3K7R"), CHEN_JIE_COMPANY_NAME, "llc",
        "浙江省杭州市上城区望江东路332号4幢1203室", "330102", 500, INDUSTRIES[0].scope(),
        LocalDate.of(2018, 4, 16), "存续（在营、开业、在册）", CHEN_JIE, "陈杰", INDUSTRIES[0].code());
    addEnterprise(company, shangcheng);

    Flat flat = new Flat(CHEN_JIE_CERTIFICATE, CHEN_JIE_UNIT, "浙江省杭州市上城区望江东路88号3幢1101室", "330102",
        98.76, "10", CHEN_JIE, "陈杰", LocalDate.of(2023, 7, 12),
        new UtilityAccount("water", "1020345678", "杭州市水务集团有限公司", "陈杰"),
        new UtilityAccount("power", "3300123456", "国网浙江省电力有限公司杭州供电公司", "陈杰"),
        new UtilityAccount("gas", "HZRQ-01023456", "杭州市燃气集团有限公司", "陈杰"),
        new UtilityAccount("broadband", "057188123456", "中国电信股份有限公司杭州分公司", "陈杰"));
    addFlat(flat, shangcheng);
  }

  // families

  private void seedFamily() {
    Region region = pick(Region.ALL);
    String householdNo = nextHouseholdNo();
    String address = address(region);
    boolean single = random.nextInt(5) == 0;
    String surname = String.valueOf(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
    LocalDate husbandBirth = randomDate(1955, 1998);
    String ethnicity = random.nextInt(10) == 0 ? pick(ETHNIC_MINORITIES) : "01";
    String husbandId = newId(region.code(), husbandBirth, "1");
    if (single) {
      boolean female = random.nextBoolean();
      String id = female ? newId(region.code(), husbandBirth, "2") : husbandId;
      Person p = new Person(id, surname + givenName(female), female ? "2" : "1", husbandBirth, ethnicity,
          region.code(), householdNo, address, null, null, null);
      addPerson(p);
      personLicences(p, region);
      return;
    }
    LocalDate wifeBirth = husbandBirth.plusDays(random.nextInt(6 * 365) - 3 * 365L);
    String wifeId = newId(region.code(), wifeBirth, "2");
    String wifeSurname = String.valueOf(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
    Person husband = new Person(husbandId, surname + givenName(false), "1", husbandBirth, ethnicity,
        region.code(), householdNo, address, null, null, wifeId);
    Person wife = new Person(wifeId, wifeSurname + givenName(true), "2", wifeBirth,
        random.nextInt(4) == 0 ? pick(ETHNIC_MINORITIES) : ethnicity, region.code(), householdNo, address,
        null, null, husbandId);
    addPerson(husband);
    addPerson(wife);
    personLicences(husband, region);
    personLicences(wife, region);
    LocalDate wedding = laterOf(husbandBirth, wifeBirth).plusYears(23 + random.nextInt(6))
        .plusDays(random.nextInt(300));
    if (wedding.isAfter(REFERENCE_DAY)) {
      wedding = REFERENCE_DAY.minusDays(30 + random.nextInt(300));
    }
    marriage(husband, wife, "J" + region.code() + "-" + wedding.getYear() + "-" + String.format("%06d",
        random.nextInt(1_000_000)), wedding, region);
    int children = random.nextInt(3);
    LocalDate birth = wedding.plusYears(1).plusDays(random.nextInt(500));
    for (int i = 0; i < children && birth.isBefore(REFERENCE_DAY.minusMonths(2)); i++) {
      boolean girl = random.nextBoolean();
      String childId = newId(region.code(), birth, girl ? "2" : "1");
      Person child = new Person(childId, surname + givenName(girl), girl ? "2" : "1", birth, ethnicity,
          region.code(), householdNo, address, husbandId, wifeId, null);
      addPerson(child);
      personLicences(child, region);
      if (birth.getYear() >= 1996) {
        String certificateNo = (char) ('A' + random.nextInt(26)) + String.format("%09d", random.nextInt(1_000_000_000));
        world.putBirth(new BirthRecord(certificateNo, wifeId, husbandId, child.name(), child.gender(), birth,
            region.city() + "妇幼保健院", region.fullName(), birth.plusDays(3), childId));
        // 出生医学证明 is looked up by the mother's ID (the newborn has none yet), so it is held by her and by the child.
        addLicence("birth-certificate", wifeId, child.name(), certificateNo, birth.plusDays(3),
            region.city() + "妇幼保健院");
        addLicence("birth-certificate", childId, child.name(), certificateNo, birth.plusDays(3),
            region.city() + "妇幼保健院");
      }
      if (child.ageOn(REFERENCE_DAY) <= 6) {
        addLicence("vaccination-certificate", wifeId, child.name(), "YF" + childId.substring(0, 6)
            + String.format("%08d", random.nextInt(100_000_000)), birth.plusDays(30), region.localName() + "疾病预防控制中心");
      }
      birth = birth.plusYears(2 + random.nextInt(4));
    }
  }

  private void personLicences(Person p, Region region) {
    int age = p.ageOn(REFERENCE_DAY);
    String police = region.district().isEmpty() ? region.city() + "公安局" : region.city() + "公安局" + region.district() + "分局";
    if (age >= 16) {
      addLicence("id-card", p.idNumber(), p.name(), p.idNumber(), p.birthDate().plusYears(16 + random.nextInt(Math.min(age - 15, 10))),
          police);
    }
    addLicence("household-register", p.idNumber(), p.name(), p.householdNo(), p.birthDate().plusMonths(1), police);
    if (age >= 18 && age <= 70 && random.nextInt(4) != 0 && !p.idNumber().equals(ZHANG_WEI)
        && !p.idNumber().equals(LI_NA) && !p.idNumber().equals(CHEN_JIE)) {
      addLicence("social-security-card", p.idNumber(), p.name(),
          (char) ('A' + random.nextInt(3)) + String.format("%08d", random.nextInt(100_000_000)),
          p.birthDate().plusYears(18 + random.nextInt(age - 17)), region.city() + "人力资源和社会保障局");
    }
    if (age >= ("1".equals(p.gender()) ? 60 : 55)) {
      addLicence("retirement-certificate", p.idNumber(), p.name(),
          region.code() + (p.birthDate().getYear() + 60) + String.format("%06d", random.nextInt(1_000_000)),
          p.birthDate().plusYears("1".equals(p.gender()) ? 60 : 55), region.city() + "人力资源和社会保障局");
    }
    if (age >= 22 && age <= 45 && random.nextBoolean()) {
      String school = region.code().startsWith("33") ? pick(new String[] {"10335", "10337", "10338"})
          : pick(new String[] {"10558", "10561", "10590"});
      int year = p.birthDate().getYear() + 22;
      addLicence("graduation-certificate", p.idNumber(), p.name(), school + "1" + year + String.format("%08d",
          random.nextInt(100_000_000)), LocalDate.of(year, 6, 30), "教育部学信网（学籍学历系统）");
    }
    if (age >= 18 && random.nextInt(30) == 0) {
      addLicence("disability-certificate", p.idNumber(), p.name(),
          p.idNumber() + (1 + random.nextInt(7)) + (1 + random.nextInt(4)),
          p.birthDate().plusYears(18 + random.nextInt(age - 17)), region.localName() + "残疾人联合会");
    }
    if (age >= 18 && region.code().startsWith("44") && random.nextInt(12) == 0) {
      addLicence("residence-permit", p.idNumber(), p.name(), p.idNumber(), REFERENCE_DAY.minusYears(1),
          "杭州市公安局");
    }
  }

  private void marriage(Person husband, Person wife, String number, LocalDate day, Region region) {
    String issuer = region.localName() + "民政局";
    addLicence("marriage-certificate", husband.idNumber(), husband.name(), number, day, issuer);
    addLicence("marriage-certificate", wife.idNumber(), wife.name(), number, day, issuer);
  }

  // enterprises

  private void seedEnterprise(int index) {
    Region region = pick(Region.ALL);
    Industry industry = INDUSTRIES[index % INDUSTRIES.length];
    String cityShort = region.city().substring(0, region.city().length() - 1);
    String name = cityShort + SHOP_NAMES[index] + industry.label() + "有限公司";
    String type = pick(new String[] {"llc", "llc", "llc", "llc-natural-person", "jsc"});
    Person legalRep = pick(adults);
    StringBuilder body = new StringBuilder("MA");
    for (int i = 0; i < 6; i++) {
      body.append(Uscc.ALPHABET.charAt(random.nextInt(Uscc.ALPHABET.length())));
    }
    Enterprise e = new Enterprise(Uscc.enterprise(region.code(), body.toString()), name, type,
        address(region).replaceAll("\\d+单元\\d+室$", (1 + random.nextInt(20)) + "层"),
        region.code(), 10 * (1 + random.nextInt(500)), industry.scope(), randomDate(2005, 2024), "存续（在营、开业、在册）",
        legalRep.idNumber(), legalRep.name(), industry.code());
    addEnterprise(e, region);
  }

  private void addEnterprise(Enterprise e, Region region) {
    world.putEnterprise(e);
    String samr = region.localName() + "市场监督管理局";
    addLicence("business-licence", e.uscc(), e.name(), e.uscc(), e.establishDate(), samr);
    if (e.industry().startsWith("H")) {
      addLicence("food-business-licence", e.uscc(), e.name(),
          "JY2" + e.regionCode() + String.format("%07d", random.nextInt(10_000_000)), e.establishDate().plusMonths(2), samr);
    }
    if (e.industry().startsWith("E")) {
      int year = e.establishDate().getYear() + 1;
      String planning = region.city() + "规划和自然资源局";
      addLicence("land-use-planning-permit", e.uscc(), e.name(), "地字第" + e.regionCode() + year
          + String.format("%05d", random.nextInt(100_000)) + "号", LocalDate.of(year, 3, 10), planning);
      addLicence("construction-planning-permit", e.uscc(), e.name(), "建字第" + e.regionCode() + year
          + String.format("%05d", random.nextInt(100_000)) + "号", LocalDate.of(year, 6, 18), planning);
      addLicence("construction-permit", e.uscc(), e.name(), e.regionCode() + year + String.format("%08d",
          random.nextInt(100_000_000)), LocalDate.of(year, 9, 1), region.localName() + "住房和城乡建设局");
    }
  }

  // flats

  private void seedFlat(int index) {
    Person owner = pick(adults);
    Region region = Region.byCode(owner.regionCode()).orElseThrow();
    int building = 1 + random.nextInt(20);
    int room = (1 + random.nextInt(30)) * 100 + 1 + random.nextInt(4);
    String unitNo = region.code() + String.format("%03d%03d", 1 + random.nextInt(20), 1 + random.nextInt(20)) + "GB"
        + String.format("%05d", 1 + random.nextInt(99_999)) + "F" + String.format("%04d%04d", building, room);
    int street = 1 + random.nextInt(800);
    String address = region.fullName() + pick(region.streets()) + street + "号" + building + "幢" + room + "室";
    int year = 2005 + random.nextInt(20);
    String certificateNo = region.provinceShort() + "（" + year + "）" + region.city() + "不动产权第"
        + String.format("%07d", 1_000_000 + index * 7919 + random.nextInt(7000)) + "号";
    double area = Math.round((50 + random.nextDouble() * 130) * 100) / 100.0;
    String holder = owner.name();
    String cityShort = region.city().substring(0, region.city().length() - 1);
    String powerCompany = region.code().startsWith("33") ? "国网浙江省电力有限公司" + cityShort + "供电公司"
        : "广东电网有限责任公司" + cityShort + "供电局";
    Flat flat = new Flat(certificateNo, unitNo, address, region.code(), area, "10", owner.idNumber(), holder,
        LocalDate.of(year, 1 + random.nextInt(12), 1 + random.nextInt(28)),
        new UtilityAccount("water", String.format("%010d", random.nextInt(1_000_000_000)), region.city() + "水务集团有限公司", holder),
        new UtilityAccount("power", region.code().substring(0, 2) + String.format("%08d", random.nextInt(100_000_000)), powerCompany, holder),
        new UtilityAccount("gas", "RQ-" + String.format("%08d", random.nextInt(100_000_000)), region.city() + "燃气集团有限公司", holder),
        new UtilityAccount("broadband", region.phoneArea() + String.format("%08d", random.nextInt(100_000_000)),
            "中国电信股份有限公司" + cityShort + "分公司", holder));
    addFlat(flat, region);
  }

  private void addFlat(Flat flat, Region region) {
    world.putFlat(flat);
    addLicence("realty-certificate", flat.ownerId(), flat.ownerName(), flat.certificateNo(), flat.registeredAt(),
        region.city() + "规划和自然资源局");
  }

  // tax

  private void seedTaxArrears() {
    List<Enterprise> enterprises = world.enterprises();
    for (int i = 3; i < enterprises.size(); i += 9) {
      world.putArrears(enterprises.get(i).uscc(), new TaxArrears(1000 + random.nextInt(50_000), random.nextInt(3)));
    }
    for (int i = 7; i < adults.size(); i += 45) {
      world.putArrears(adults.get(i).idNumber(), new TaxArrears(200 + random.nextInt(8000), 0));
    }
  }

  // helpers

  private void addPerson(Person p) {
    world.putPerson(p);
    if (p.ageOn(REFERENCE_DAY) >= 22 && p.ageOn(REFERENCE_DAY) <= 70
        && !p.idNumber().equals(ZHANG_WEI) && !p.idNumber().equals(LI_NA) && !p.idNumber().equals(CHEN_JIE)) {
      adults.add(p);
    }
  }

  private void addLicence(String type, String holderId, String holderName, String licenceNo, LocalDate issuedAt,
                          String issuer) {
    world.addLicence(new Licence(Licences.newLicenceId(world, issuedAt), type, holderId, holderName, licenceNo,
        issuedAt, issuer, true, new JsonObject()));
  }

  private String newId(String region, LocalDate birth, String gender) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int seq = random.nextInt(500) * 2 + ("1".equals(gender) ? 1 : 0);
      String id = IdNumbers.of(region, birth, seq);
      if (!world.idNumberTaken(id) && !id.equals(ZHANG_WEI) && !id.equals(LI_NA) && !id.equals(CHEN_JIE)) {
        return id;
      }
    }
    return world.allocateIdNumber(region, birth, gender);
  }

  private String nextHouseholdNo() {
    return String.format("%09d", 100_000_001 + 37 * householdCounter++);
  }

  private String address(Region region) {
    int floor = 1 + random.nextInt(25);
    return region.fullName() + pick(region.streets()) + (1 + random.nextInt(800)) + "号" + (1 + random.nextInt(15))
        + "幢" + (1 + random.nextInt(4)) + "单元" + (floor * 100 + 1 + random.nextInt(4)) + "室";
  }

  private String givenName(boolean female) {
    String chars = female ? FEMALE_CHARS : MALE_CHARS;
    String first = String.valueOf(chars.charAt(random.nextInt(chars.length())));
    return random.nextBoolean() ? first : first + chars.charAt(random.nextInt(chars.length()));
  }

  private LocalDate randomDate(int fromYear, int toYear) {
    return LocalDate.of(fromYear + random.nextInt(toYear - fromYear + 1), 1 + random.nextInt(12), 1 + random.nextInt(28));
  }

  private static LocalDate laterOf(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  private <T> T pick(T[] items) {
    return items[random.nextInt(items.length)];
  }

  private record Industry(String label, String code, String scope) {
  }
}
