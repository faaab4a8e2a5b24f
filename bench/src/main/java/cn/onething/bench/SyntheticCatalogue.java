package cn.onething.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic catalogue of matter templates with realistic Chinese text: titles built from real
 * region names, subjects, matters and actions; summaries, conditions, materials and field labels
 * in the style of real service guides. Deterministic for a given seed, so runs compare.
 */
final class SyntheticCatalogue {
  static final int GENERATOR_VERSION = 1;
  private static final String[] PUBLISHERS = {"mps", "nhc", "nhsa", "samr", "sta", "mohrss", "mnr", "moe", "mohurd", "mca", "ndrc", "cdpf"};
  private static final String[] DEPARTMENTS = {"public-security", "health", "medical-insurance", "market", "tax", "hrss",
      "natural-resources", "education", "housing", "civil-affairs", "development-reform", "disabled-persons"};
  private static final String[] STAGES = {"出生", "教育", "就业", "生活", "置业", "出行", "就医", "救助", "养老", "身后",
      "准入准营", "招聘用工", "纳税缴费", "经营发展", "工程建设", "注销退出"};
  private static final String[] SUBJECTS = {"新生儿", "企业", "个体工商户", "农民专业合作社", "残疾人", "退役军人", "老年人",
      "高校毕业生", "外籍人员", "建设单位", "餐饮企业", "道路运输企业", "医疗机构", "民办学校", "社会组织", "灵活就业人员",
      "困难群众", "随迁子女", "港澳台居民", "出租车驾驶员"};
  private static final String[] MATTERS = {"出生登记", "户口迁移", "营业执照", "食品经营许可", "药品经营许可", "建筑工程施工许可",
      "不动产登记", "住房公积金提取", "社会保障卡", "医疗保险参保", "养老金领取", "失业保险金", "生活补贴", "护理补贴",
      "义务教育入学", "学籍注册", "道路运输经营许可", "排污许可", "消防安全检查", "户外招牌设置", "契税申报", "发票申领",
      "银行开户", "公章刻制", "残疾人证", "居住证", "结婚登记", "居民身份证换领", "出入境证件", "机动车登记", "驾驶证换领",
      "医师执业注册", "护士执业注册", "教师资格认定", "职业技能等级认定", "就业登记", "创业担保贷款", "工伤认定",
      "异地就医备案", "门诊慢特病认定", "高龄津贴", "临时救助", "最低生活保障", "殡葬补贴", "烈士褒扬金"};
  private static final String[] ACTIONS = {"申请", "办理", "变更", "延续", "注销", "补办", "核准", "备案", "认定", "审核",
      "登记", "发放"};
  private static final String[] MATERIALS = {"居民身份证", "居民户口簿", "营业执照", "申请表", "授权委托书", "不动产权证书",
      "出生医学证明", "结婚证", "医学诊断证明", "劳动合同", "租赁合同", "场所平面图", "承诺书", "近期免冠照片",
      "银行账户信息", "学历证明", "社会保障卡", "完税证明", "设计图纸", "消防验收意见"};
  private static final String[] FIELDS = {"申请人姓名", "公民身份号码", "联系电话", "居住地址", "户籍地址", "企业名称",
      "统一社会信用代码", "法定代表人", "经营场所", "注册资本", "开户银行", "银行账号", "申请事由", "办理方式", "送达地址",
      "出生日期", "性别", "民族", "文化程度", "工作单位"};
  private static final String[] CONDITIONS = {
      "申请人应为本行政区域内户籍人口或持有有效居住证的常住人口；",
      "提交的材料真实、完整、有效，并对材料的真实性负责；",
      "符合国家和本省规定的办理条件，不存在依法不予办理的情形；",
      "企业已依法取得营业执照，经营场所符合相关安全和卫生要求；",
      "已按规定缴纳相关费用或符合减免条件；",
      "委托他人代办的，应出具授权委托书及代办人身份证件；"};
  private static final String[] SUMMARY_PARTS = {"为", "办理", "提供", "实行一次告知、一表申请、一网通办，",
      "部门间数据共享，申请人无需重复提交材料，", "可通过线上平台或线下窗口申请，", "办理结果可通过电子证照获取。"};

  private final Random random;
  private final List<String> regions;

  SyntheticCatalogue(long seed) {
    this.random = new Random(seed);
    this.regions = regionNames();
  }

  /** The i-th template (call in order: the generator is a stream). */
  JsonObject next(int i) {
    String region = pick(regions);
    String subject = pick(SUBJECTS);
    String matter = pick(MATTERS);
    String action = pick(ACTIONS);
    String title = region + subject + matter + action;
    String publisher = PUBLISHERS[i % PUBLISHERS.length];
    String department = DEPARTMENTS[i % DEPARTMENTS.length];
    JsonArray keywords = new JsonArray().add(matter).add(subject + matter).add(matter + action).add(pick(MATTERS));
    String summary = SUMMARY_PARTS[0] + subject + SUMMARY_PARTS[1] + matter + action + "，" + pick(SUMMARY_PARTS, 3)
        + pick(SUMMARY_PARTS, 3) + SUMMARY_PARTS[6];
    JsonArray conditions = new JsonArray().add(pick(CONDITIONS)).add(pick(CONDITIONS));
    JsonArray materials = new JsonArray();
    for (int m = 0; m < 3 + random.nextInt(4); m++) {
      materials.add(new JsonObject().put("id", "material-" + m).put("name", pick(MATERIALS)).put("required", true));
    }
    JsonArray fields = new JsonArray();
    for (int f = 0; f < 5 + random.nextInt(8); f++) {
      fields.add(new JsonObject().put("id", "field" + f).put("type", "string").put("label", pick(FIELDS)));
    }
    return new JsonObject()
        .put("kind", "matter").put("publisher", publisher).put("slug", "bench-" + i).put("version", "1.0.0")
        .put("title", title).put("summary", summary).put("keywords", keywords)
        .put("stages", new JsonArray().add(pick(STAGES))).put("subject", random.nextBoolean() ? "person" : "enterprise")
        .put("department", department)
        .put("guide", new JsonObject().put("conditions", conditions)
            .put("legalBasis", new JsonArray().add(new JsonObject().put("name", "《" + matter + "管理办法》")))
            .put("timeLimitDays", 1 + random.nextInt(20)).put("fee", new JsonObject().put("charged", false))
            .put("channels", new JsonArray().add("online").add("window")).put("offlineVisits", random.nextInt(2)))
        .put("form", new JsonObject().put("sections", new JsonArray().add(new JsonObject()
            .put("id", "main").put("title", "申请信息").put("fields", fields))))
        .put("materials", materials)
        .put("steps", new JsonArray()
            .add(new JsonObject().put("id", "accept").put("name", "受理").put("type", "accept").put("department", department)
                .put("timeLimitDays", 1).put("outcomes", new JsonArray().add(new JsonObject().put("id", "ok").put("label", "受理").put("next", new JsonArray().add("decide")))))
            .add(new JsonObject().put("id", "decide").put("name", "决定").put("type", "decide").put("department", department)
                .put("timeLimitDays", 1).put("outcomes", new JsonArray().add(new JsonObject().put("id", "approved").put("label", "准予").put("result", "approved")))));
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private String pick(String[] values, int from) {
    return values[from + random.nextInt(values.length - from - 1)];
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static List<String> regionNames() {
    List<String> names = new ArrayList<>();
    try (InputStream in = SyntheticCatalogue.class.getClassLoader().getResourceAsStream("reference/gbt2260.csv")) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.startsWith("#") && !line.isBlank()) {
          String name = line.substring(line.indexOf(',') + 1);
          if (!name.equals("市辖区") && !name.equals("县")) {
            names.add(name);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }
}
