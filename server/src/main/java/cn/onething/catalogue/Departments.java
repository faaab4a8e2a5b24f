package cn.onething.catalogue;

import java.util.Map;

/** 承办部门类型 — the department codes templates use, with the Chinese a person reads. */
public final class Departments {
  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("data", "政务服务和数据管理"),
      Map.entry("health", "卫生健康"),
      Map.entry("public-security", "公安"),
      Map.entry("medical-insurance", "医疗保障"),
      Map.entry("hrss", "人力资源和社会保障"),
      Map.entry("market", "市场监督管理"),
      Map.entry("tax", "税务"),
      Map.entry("natural-resources", "自然资源"),
      Map.entry("housing", "住房和城乡建设"),
      Map.entry("housing-fund", "住房公积金"),
      Map.entry("education", "教育"),
      Map.entry("civil-affairs", "民政"),
      Map.entry("disabled-persons", "残疾人联合会"),
      Map.entry("development-reform", "发展和改革"),
      Map.entry("ecology", "生态环境"),
      Map.entry("emergency", "应急管理（消防）"),
      Map.entry("culture-tourism", "文化和旅游"),
      Map.entry("transport", "交通运输"),
      Map.entry("utilities", "水电气公用事业"),
      Map.entry("bank", "银行"),
      Map.entry("finance", "财政"));

  private Departments() {}

  public static String name(String code) {
    return NAMES.getOrDefault(code, code);
  }
}
