/**
 * Word lists the demo generator draws from. Everything here is invented for demos: personal names are
 * combinations of common surnames and given-name characters, trade names (字号) are pairs of the
 * auspicious characters Chinese businesses favour, street names are plausible for 临淄 but not a
 * street register.
 */

function unique(chars: readonly string[]): string[] {
  return [...new Set(chars)];
}

/** Common surnames with rough weights (Shandong leans on 王, 张, 李, 刘). */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 90], ['张', 80], ['李', 78], ['刘', 70], ['孙', 40], ['赵', 36], ['陈', 30], ['杨', 30],
  ['高', 28], ['徐', 26], ['马', 24], ['于', 22], ['崔', 20], ['韩', 18], ['宋', 18], ['朱', 17],
  ['周', 16], ['吴', 15], ['郭', 15], ['胡', 12], ['董', 12], ['石', 11], ['冯', 11], ['曹', 10],
  ['田', 10], ['任', 9], ['房', 9], ['边', 8], ['路', 8], ['蒋', 8], ['魏', 8], ['许', 8],
  ['焦', 7], ['付', 7], ['毕', 7], ['翟', 7], ['齐', 6], ['孟', 6], ['耿', 6], ['姜', 6],
  ['袁', 5], ['贾', 5], ['范', 5], ['段', 5], ['侯', 5], ['邢', 5], ['薛', 5], ['秦', 4],
  ['谭', 4], ['郑', 4], ['黄', 4], ['林', 4], ['何', 4], ['罗', 3], ['梁', 3], ['宁', 3],
  ['桑', 3], ['巩', 3], ['蔡', 3], ['苏', 3], ['纪', 3], ['沙', 2], ['钟', 2], ['蒲', 2],
];

export const GIVEN_NAME_CHARS: readonly string[] = unique([
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏飞波宁斌宇浩凯',
  ...'晨欣怡梦婷雪琳佳颖丹倩蕾晓东海峰亮成志新春雷龙彬锋振兴德庆福寿美凤莉梅瑞祥宏松',
  ...'国栋立群卫东永利长江爱民淑珍秀芝玉梅桂芳振华金龙胜利明亮子涵一诺浩然欣然思雨若',
]);

/** First characters of two-character trade names. Excludes 区, 临, 市 so prefixes stay unambiguous. */
export const TRADE_FIRST: readonly string[] = [
  ...'鑫华金宏恒盛永泰瑞祥德信诚鼎丰顺福荣兴隆齐鲁海天新广通达安康汇佳美嘉润博宇众东正远',
  ...'利源锦昌明和益宝中大长万百千弘洪鸿凯旭晟昊皓睿卓越优赛腾飞龙凤鹏虹辉晨星光阳春秋银',
  ...'玉翔胜捷立建创力志亿民合乐欣悦怡雅清泉林森禾稷桓韶惠诺迪聚九同仁厚浩沃',
];

/** Second characters of trade names. */
export const TRADE_SECOND: readonly string[] = unique([
  ...'泰达源丰盛华昌隆兴祥瑞鑫通宇康安福顺和信诚德利宝鼎恒远发海鹏辉晟航峰晖成强美嘉润泽',
  ...'林森阳光明星辰亮升腾跃凯越创业胜捷力久通川洋涛江河山石玉金岳邦仁义礼智聚合联盈佳',
  ...'迪诺特易科威尔斯普润茂源畅舜尧禹鸣轩宸琪璇晴雯霖霏蓝骏杰豪坤乾祺瀚煜铭锐',
]);

/** Plausible urban streets of 临淄城区. */
export const URBAN_STREETS: readonly string[] = [
  '桓公路', '晏婴路', '管仲路', '闻韶路', '牛山路', '齐兴路', '临淄大道', '太公路', '稷下路',
  '雪宫路', '大顺路', '勇士路', '齐园路', '遄台路', '辛店路', '学府路', '齐都路', '杨坡路',
  '天齐路', '宣王路', '威王路', '乙烯路', '南二路', '北二路', '东二路', '西三路',
];

export const VILLAGE_PREFIXES: readonly string[] = ['东', '西', '南', '北', '前', '后', '大', '小', '上', '下'];
export const VILLAGE_SUFFIXES: readonly string[] = ['家', '家庄', '庄', '官', '家店', '家屯', '营', '辛'];

export const BUILDING_SUFFIXES: readonly string[] = [
  '', '', '', '', '商铺', '沿街商铺', '1号楼', '2号楼', '综合楼', '院内', '3单元101室', '写字楼',
];

/** Mobile prefixes actually in use (1[3-9]x). */
export const MOBILE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155',
  '156', '157', '158', '159', '166', '170', '173', '175', '176', '177', '178', '180', '181', '182',
  '183', '184', '185', '186', '187', '188', '189', '191', '193', '195', '198', '199',
];

export const CONFLICT_REASONS: readonly string[] = [
  '近亲属任职', '近亲属持股', '本人曾在该单位任职未满两年', '与该单位存在经济往来', '近亲属系该个体工商户经营者',
];
