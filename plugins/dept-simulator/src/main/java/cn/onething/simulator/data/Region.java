package cn.onething.simulator.data;

import java.util.List;
import java.util.Optional;

/**
 * 行政区划 — a GB/T 2260 county-level region the seed data lives in, with what addresses and numbers need.
 *
 * @param code          six-digit code
 * @param province      full province name
 * @param city          prefecture-level city name
 * @param district      county-level name, empty for a city without districts (东莞市)
 * @param provinceShort one-character abbreviation used in certificate numbers (浙, 粤)
 * @param phoneArea     telephone area code
 * @param streets       a few real street names in that district
 */
public record Region(String code, String province, String city, String district, String provinceShort,
                     String phoneArea, List<String> streets) {

  public static final List<Region> ALL = List.of(
      new Region("330102", "浙江省", "杭州市", "上城区", "浙", "0571", List.of("清泰街", "望江东路", "秋涛路", "解放路")),
      new Region("330105", "浙江省", "杭州市", "拱墅区", "浙", "0571", List.of("莫干山路", "湖墅南路", "上塘路")),
      new Region("330106", "浙江省", "杭州市", "西湖区", "浙", "0571", List.of("文三路", "天目山路", "文一西路", "古墩路")),
      new Region("330108", "浙江省", "杭州市", "滨江区", "浙", "0571", List.of("江南大道", "长河路", "网商路")),
      new Region("330109", "浙江省", "杭州市", "萧山区", "浙", "0571", List.of("市心中路", "金城路", "人民路")),
      new Region("330110", "浙江省", "杭州市", "余杭区", "浙", "0571", List.of("文一西路", "五常大道", "良睦路")),
      new Region("330203", "浙江省", "宁波市", "海曙区", "浙", "0574", List.of("中山西路", "解放南路", "柳汀街")),
      new Region("330212", "浙江省", "宁波市", "鄞州区", "浙", "0574", List.of("天童南路", "鄞州大道", "四明中路")),
      new Region("330302", "浙江省", "温州市", "鹿城区", "浙", "0577", List.of("人民路", "车站大道", "府前街")),
      new Region("330402", "浙江省", "嘉兴市", "南湖区", "浙", "0573", List.of("中山东路", "南湖路", "花园路")),
      new Region("330602", "浙江省", "绍兴市", "越城区", "浙", "0575", List.of("解放北路", "胜利东路", "中兴中路")),
      new Region("330702", "浙江省", "金华市", "婺城区", "浙", "0579", List.of("八一北街", "宾虹路", "双龙南街")),
      new Region("440103", "广东省", "广州市", "荔湾区", "粤", "020", List.of("黄沙大道", "中山八路", "芳村大道")),
      new Region("440104", "广东省", "广州市", "越秀区", "粤", "020", List.of("中山五路", "环市东路", "东风中路")),
      new Region("440106", "广东省", "广州市", "天河区", "粤", "020", List.of("天河路", "体育西路", "黄埔大道")),
      new Region("440111", "广东省", "广州市", "白云区", "粤", "020", List.of("白云大道", "机场路", "同和路")),
      new Region("440303", "广东省", "深圳市", "罗湖区", "粤", "0755", List.of("人民南路", "深南东路", "东门中路")),
      new Region("440304", "广东省", "深圳市", "福田区", "粤", "0755", List.of("福华路", "深南中路", "益田路")),
      new Region("440305", "广东省", "深圳市", "南山区", "粤", "0755", List.of("科技园路", "南海大道", "后海大道")),
      new Region("440306", "广东省", "深圳市", "宝安区", "粤", "0755", List.of("宝安大道", "新安六路", "创业一路")),
      new Region("440604", "广东省", "佛山市", "禅城区", "粤", "0757", List.of("季华路", "汾江中路", "岭南大道")),
      new Region("441900", "广东省", "东莞市", "", "粤", "0769", List.of("鸿福路", "东城大道", "运河东一路")));

  public static Optional<Region> byCode(String code) {
    return ALL.stream().filter(r -> r.code.equals(code)).findFirst();
  }

  /** "浙江省杭州市西湖区". */
  public String fullName() {
    return province + city + district;
  }

  /** The county-level name used in issuer names: the district, or the city where there is none. */
  public String localName() {
    return district.isEmpty() ? city : city + district;
  }
}
