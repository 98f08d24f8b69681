/**
 * A deterministic synthetic loan tape (see /work/shared/formats/loan-tape.md): realistic debtors
 * in mainland China, Hong Kong and overseas, with accounts spread over every delinquency bucket
 * relative to `asOf`. Pure: no I/O, no clock, no Math.random. Every row is fully determined by
 * (seed, row index, asOf): the first n rows of a longer tape equal an n-row tape.
 *
 * Rows are generated debtor by debtor; each debtor (1-3 accounts) draws from its own PRNG stream
 * seeded by (seed, debtor index), so truncating the tape never changes an earlier row. Money is
 * computed in bigint minor units and formatted with the currency's digits.
 */
import { addDays, daysInMonth, isCalendarDate } from '../../../shared/calendar.js';
import { currencyDigits, formatAmount } from '../../../shared/money.js';
import { tapeColumns, type TapeColumn } from './loan-tape.js';

export { tapeColumns, type TapeColumn };

/** One tape row; absent optional values are empty strings. */
export type TapeRecord = Record<TapeColumn, string>;

export type SyntheticTapeOptions = {
  seed: number;
  /** Number of rows (accounts) to yield. */
  count: number;
  /** The business date the delinquency is relative to, YYYY-MM-DD. */
  asOf: string;
};

// ---------------------------------------------------------------------------------------------
// PRNG: mulberry32, one stream per debtor, seeded through murmur3's finaliser.

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

class Rng {
  #a: number;

  constructor(state: number) {
    this.#a = state | 0;
  }

  /** mulberry32: a uniform 32-bit unsigned integer. */
  u32(): number {
    this.#a = (this.#a + 0x6d2b79f5) | 0;
    let t = Math.imul(this.#a ^ (this.#a >>> 15), 1 | this.#a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.u32() / 4294967296) * n);
  }

  /** An integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  /** True with probability percent / 100. */
  percent(percent: number): boolean {
    return this.below(100) < percent;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T;
  }

  /** Picks with a bias towards the front of the list (the more common entries). */
  pickSkewed<T>(items: readonly T[]): T {
    return items[Math.min(this.below(items.length), this.below(items.length))] as T;
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.below(10));
    return s;
  }
}

type Weighted<T> = { items: readonly T[]; cumulative: readonly number[]; total: number };

function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of entries) cumulative.push((total += w));
  return { items: entries.map(([v]) => v), cumulative, total };
}

function draw<T>(rng: Rng, w: Weighted<T>): T {
  const x = rng.below(w.total);
  let i = 0;
  while ((w.cumulative[i] as number) <= x) i++;
  return w.items[i] as T;
}

// ---------------------------------------------------------------------------------------------
// Dates

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Adds calendar months, clamping the day to the end of the target month. */
function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  const day = d <= 28 ? d : Math.min(d, daysInMonth(ny, nm));
  return `${pad(ny, 4)}-${pad(nm, 2)}-${pad(day, 2)}`;
}

/** Moves a date back up to `days` days within its month (never before the 1st). */
function earlierInMonth(date: string, days: number): string {
  const d = Number(date.slice(8, 10));
  return d > days ? date.slice(0, 8) + pad(d - days, 2) : date;
}

/** addDays(asOf, n), memoised: the tape's dates cluster around asOf. */
class DaysFrom {
  readonly #asOf: string;
  readonly #cache = new Map<number, string>();

  constructor(asOf: string) {
    this.#asOf = asOf;
  }

  get asOf(): string {
    return this.#asOf;
  }

  plus(n: number): string {
    let d = this.#cache.get(n);
    if (d === undefined) {
      d = addDays(this.#asOf, n);
      this.#cache.set(n, d);
    }
    return d;
  }
}

// ---------------------------------------------------------------------------------------------
// Names and places

/** 'a,b,c' -> ['a', 'b', 'c'] (keeps long word lists compact). */
function list(text: string): readonly string[] {
  return text.split(',');
}

type Romanised = readonly [hanzi: string, roman: string];

/** '王wang,李li' -> [['王', 'wang'], ['李', 'li']] */
function romanised(list: string): readonly Romanised[] {
  return list.split(',').map((entry) => {
    const m = /^(\p{Script=Han}+)([A-Za-z]+)$/u.exec(entry.trim());
    if (!m) throw new Error(`bad name entry ${entry}`);
    return [m[1] as string, m[2] as string] as const;
  });
}

/** Mainland surnames, most common first, with pinyin. */
const cnSurnames = romanised(
  '王wang,李li,张zhang,刘liu,陈chen,杨yang,黄huang,赵zhao,吴wu,周zhou,徐xu,孙sun,马ma,朱zhu,' +
    '胡hu,郭guo,何he,高gao,林lin,罗luo,郑zheng,梁liang,谢xie,宋song,唐tang,许xu,韩han,冯feng,' +
    '邓deng,曹cao,彭peng,曾zeng,肖xiao,田tian,董dong,袁yuan,潘pan,于yu,蒋jiang,蔡cai,余yu,杜du,' +
    '叶ye,程cheng,苏su,魏wei,吕lv,丁ding,任ren,沈shen,姚yao,卢lu,姜jiang,崔cui,钟zhong,谭tan,' +
    '陆lu,汪wang,范fan,金jin,石shi,廖liao,贾jia,夏xia,韦wei,付fu,方fang,白bai,邹zou,孟meng,' +
    '熊xiong,秦qin,邱qiu,江jiang,尹yin,薛xue,闫yan,段duan,雷lei,侯hou,龙long,史shi,陶tao,黎li,' +
    '贺he,顾gu,毛mao,郝hao,龚gong,邵shao,万wan,钱qian,严yan,覃qin,武wu,戴dai,莫mo,孔kong,' +
    '欧阳ouyang,上官shangguan,司马sima',
);
const cnMaleGiven = romanised(
  '伟wei,强qiang,磊lei,军jun,勇yong,杰jie,涛tao,明ming,超chao,刚gang,平ping,辉hui,鹏peng,华hua,' +
    '飞fei,鑫xin,波bo,斌bin,宇yu,浩hao,凯kai,健jian,俊jun,帆fan,旭xu,宁ning,龙long,林lin,洋yang,' +
    '建jian,国guo,志zhi,文wen,东dong,海hai,峰feng,晨chen,涵han,启qi,新xin,诚cheng,子zi,琦qi,' +
    '轩xuan,博bo,睿rui,霖lin,晖hui,良liang,扬yang,曦xi,铭ming,天tian,嘉jia,泽ze,昊hao',
);
const cnFemaleGiven = romanised(
  '芳fang,娜na,敏min,静jing,丽li,艳yan,娟juan,霞xia,秀xiu,玲ling,燕yan,红hong,婷ting,雪xue,' +
    '琳lin,晶jing,颖ying,倩qian,慧hui,莹ying,欣xin,怡yi,佳jia,悦yue,雯wen,璐lu,萍ping,梅mei,' +
    '兰lan,丹dan,蓉rong,薇wei,珍zhen,梦meng,雅ya,晓xiao,琪qi,瑶yao,妍yan,媛yuan,芸yun,婧jing,' +
    '洁jie,思si,惠hui,露lu,清qing,诗shi,梓zi,涵han',
);

/** Hong Kong surnames and given-name characters (traditional, Cantonese romanisation). */
const hkSurnames = romanised(
  '陳Chan,李Lee,張Cheung,黃Wong,王Wong,梁Leung,林Lam,劉Lau,吳Ng,何Ho,鄭Cheng,楊Yeung,郭Kwok,' +
    '麥Mak,朱Chu,馮Fung,謝Tse,蔡Choi,曾Tsang,羅Law,葉Yip,潘Poon,盧Lo,鄧Tang,鍾Chung,彭Pang,' +
    '余Yu,蕭Siu,許Hui,袁Yuen,周Chow,唐Tong,區Au,莫Mok,文Man',
);
const hkGiven = romanised(
  '家Ka,偉Wai,志Chi,明Ming,文Man,嘉Ka,詠Wing,欣Yan,俊Chun,浩Ho,思Sze,敏Man,美Mei,玲Ling,' +
    '慧Wai,國Kwok,強Keung,華Wah,麗Lai,芬Fun,鳳Fung,淑Suk,寶Po,建Kin,德Tak,永Wing,子Tsz,樂Lok,' +
    '穎Wing,婷Ting,卓Cheuk,朗Long,凱Hoi,恩Yan,威Wai,誠Shing,雄Hung,傑Kit,雯Man,心Sum',
);

const englishMale = list(
  'James,John,Robert,Michael,William,David,Richard,Joseph,Thomas,Daniel,Matthew,' +
    'Anthony,Mark,Steven,Paul,Andrew,Kevin,Brian,Jason,Eric,Peter,Kenneth,Raymond,' +
    'Vincent,Alan,Edmund,Patrick,Samuel',
);
const englishFemale = list(
  'Mary,Jennifer,Linda,Elizabeth,Susan,Jessica,Sarah,Karen,Nancy,Lisa,Emily,' +
    'Michelle,Amanda,Melissa,Stephanie,Rebecca,Laura,Amy,Grace,Winnie,Vivian,Cindy,' +
    'Irene,Joyce,Teresa,Catherine,Rachel',
);
const englishSurnames = list(
  'Smith,Johnson,Williams,Brown,Jones,Garcia,Miller,Davis,Rodriguez,Martinez,' +
    'Wilson,Anderson,Taylor,Thomas,Moore,Jackson,Martin,Thompson,White,Harris,Clark,' +
    'Lewis,Walker,Young,Allen,King,Wright,Scott,Hill,Green,Adams,Baker,Nelson,' +
    'Campbell,Mitchell,Roberts,Turner',
);
const diasporaSurnames = list(
  'Zhang,Wang,Li,Chen,Liu,Lin,Huang,Wu,Zhou,Xu,Yang,Tan,Lim,Lee,Ng,Ong,Goh,Chua,' +
    'Teo,Koh,Wong,Chan',
);

type District = { name: string; code: string };
type City = { province: string; city: string; districts: readonly District[] };

/** '福田区440304,南山区440305' -> districts with their administrative division codes */
function districts(list: string): readonly District[] {
  return list.split(',').map((e) => ({ name: e.slice(0, -6), code: e.slice(-6) }));
}

const cnCity = (province: string, name: string, list: string): City => ({
  province,
  city: name,
  districts: districts(list),
});

/** Mainland cities with districts and administrative division codes, weighted roughly. */
const cnCities = weighted<City>([
  [cnCity('广东省', '深圳市', '福田区440304,南山区440305,宝安区440306,龙岗区440307'), 9],
  [cnCity('广东省', '广州市', '天河区440106,越秀区440104,海珠区440105,白云区440111'), 8],
  [cnCity('广东省', '佛山市', '禅城区440604,南海区440605,顺德区440606'), 4],
  [cnCity('广东省', '东莞市', '南城街道441900,东城街道441900,莞城街道441900'), 3],
  [cnCity('上海市', '上海市', '浦东新区310115,黄浦区310101,徐汇区310104,闵行区310112'), 8],
  [cnCity('北京市', '北京市', '朝阳区110105,海淀区110108,东城区110101,丰台区110106'), 7],
  [cnCity('江苏省', '南京市', '玄武区320102,鼓楼区320106,建邺区320105'), 4],
  [cnCity('江苏省', '苏州市', '姑苏区320508,吴中区320506,虎丘区320505'), 4],
  [cnCity('江苏省', '无锡市', '梁溪区320213,滨湖区320211'), 2],
  [cnCity('浙江省', '杭州市', '西湖区330106,拱墅区330105,滨江区330108,余杭区330110'), 6],
  [cnCity('浙江省', '宁波市', '海曙区330203,鄞州区330212'), 2],
  [cnCity('浙江省', '温州市', '鹿城区330302,瓯海区330304'), 2],
  [cnCity('山东省', '济南市', '历下区370102,市中区370103'), 3],
  [cnCity('山东省', '青岛市', '市南区370202,崂山区370212'), 3],
  [cnCity('河南省', '郑州市', '金水区410105,中原区410102'), 4],
  [cnCity('四川省', '成都市', '锦江区510104,武侯区510107,青羊区510105,成华区510108'), 5],
  [cnCity('湖北省', '武汉市', '武昌区420106,江汉区420103,洪山区420111'), 4],
  [cnCity('湖南省', '长沙市', '岳麓区430104,芙蓉区430102,天心区430103'), 3],
  [cnCity('福建省', '厦门市', '思明区350203,湖里区350206'), 2],
  [cnCity('福建省', '福州市', '鼓楼区350102,台江区350103'), 2],
  [cnCity('天津市', '天津市', '和平区120101,南开区120104'), 2],
  [cnCity('重庆市', '重庆市', '渝中区500103,江北区500105,渝北区500112'), 3],
  [cnCity('陕西省', '西安市', '雁塔区610113,碑林区610103'), 2],
  [cnCity('安徽省', '合肥市', '蜀山区340104,包河区340111'), 2],
  [cnCity('辽宁省', '沈阳市', '和平区210102,沈河区210103'), 2],
  [cnCity('辽宁省', '大连市', '中山区210202,沙河口区210204'), 1],
  [cnCity('河北省', '石家庄市', '长安区130102,桥西区130104'), 2],
  [cnCity('广西壮族自治区', '南宁市', '青秀区450103,兴宁区450102'), 1],
  [cnCity('云南省', '昆明市', '五华区530102,盘龙区530103'), 1],
  [cnCity('江西省', '南昌市', '东湖区360102,西湖区360103'), 1],
  [cnCity('黑龙江省', '哈尔滨市', '南岗区230103,道里区230102'), 1],
  [cnCity('山西省', '太原市', '小店区140105,迎泽区140106'), 1],
]);

const cnStreets = list(
  '人民路,中山路,解放路,建设路,和平路,新华路,文化路,长江路,黄河路,幸福路,' +
    '胜利路,朝阳路,青年路,光明路,东风路,友谊路,学府路,滨江路,科技路,' +
    '世纪大道,迎宾大道,创业大道,金桥路,天府路',
);
const cnCompounds = list(
  '阳光花园,锦绣家园,翠苑小区,金色家园,碧桂园,万科城,绿地世纪城,时代广场,' +
    '华润万象府,保利花园,龙湖春江郦城,滨江公馆,中海国际社区,融创壹号院',
);
const cnMobilePrefixes = list(
  '130,131,132,133,134,135,136,137,138,139,150,151,152,153,155,156,157,158,159,' +
    '166,176,177,178,180,181,182,183,185,186,187,188,189,198,199',
);
const cnEmailDomains = weighted<string>([
  ['qq.com', 35],
  ['163.com', 25],
  ['126.com', 10],
  ['sina.com', 5],
  ['foxmail.com', 5],
  ['139.com', 5],
  ['outlook.com', 8],
  ['gmail.com', 7],
]);

type HkArea = {
  en: string;
  zh: string;
  regionEn: string;
  regionZh: string;
  streets: readonly Romanised[];
};
const hkArea = (
  en: string,
  zh: string,
  regionEn: string,
  regionZh: string,
  streets: readonly Romanised[],
): HkArea => ({ en, zh, regionEn, regionZh, streets });
/** Districts with real streets (Chinese, English). */
const hkAreas: readonly HkArea[] = [
  hkArea('Central', '中環', 'Hong Kong', '香港', [
    ['皇后大道中', "Queen's Road Central"],
    ['德輔道中', 'Des Voeux Road Central'],
  ]),
  hkArea('Wan Chai', '灣仔', 'Hong Kong', '香港', [
    ['軒尼詩道', 'Hennessy Road'],
    ['莊士敦道', 'Johnston Road'],
  ]),
  hkArea('Causeway Bay', '銅鑼灣', 'Hong Kong', '香港', [
    ['怡和街', 'Yee Wo Street'],
    ['高士威道', 'Causeway Road'],
  ]),
  hkArea('North Point', '北角', 'Hong Kong', '香港', [
    ['英皇道', "King's Road"],
    ['渣華道', 'Java Road'],
  ]),
  hkArea('Quarry Bay', '鰂魚涌', 'Hong Kong', '香港', [
    ['英皇道', "King's Road"],
    ['太古城道', 'Taikoo Shing Road'],
  ]),
  hkArea('Mong Kok', '旺角', 'Kowloon', '九龍', [
    ['彌敦道', 'Nathan Road'],
    ['亞皆老街', 'Argyle Street'],
  ]),
  hkArea('Tsim Sha Tsui', '尖沙咀', 'Kowloon', '九龍', [
    ['廣東道', 'Canton Road'],
    ['加拿分道', 'Carnarvon Road'],
  ]),
  hkArea('Kowloon Bay', '九龍灣', 'Kowloon', '九龍', [
    ['宏光道', 'Wang Kwong Road'],
    ['啟祥道', 'Kai Cheung Road'],
  ]),
  hkArea('Sham Shui Po', '深水埗', 'Kowloon', '九龍', [
    ['長沙灣道', 'Cheung Sha Wan Road'],
    ['荔枝角道', 'Lai Chi Kok Road'],
  ]),
  hkArea('Sha Tin', '沙田', 'New Territories', '新界', [
    ['沙田正街', 'Sha Tin Centre Street'],
    ['大涌橋路', 'Tai Chung Kiu Road'],
  ]),
  hkArea('Tsuen Wan', '荃灣', 'New Territories', '新界', [
    ['青山公路', 'Castle Peak Road'],
    ['沙咀道', 'Sha Tsui Road'],
  ]),
  hkArea('Tuen Mun', '屯門', 'New Territories', '新界', [
    ['屯門鄉事會路', 'Tuen Mun Heung Sze Wui Road'],
    ['屯興路', 'Tuen Hing Road'],
  ]),
  hkArea('Yuen Long', '元朗', 'New Territories', '新界', [
    ['青山公路', 'Castle Peak Road'],
    ['教育路', 'Kau Yuk Road'],
  ]),
  hkArea('Tseung Kwan O', '將軍澳', 'New Territories', '新界', [
    ['寶康路', 'Po Hong Road'],
    ['唐德街', 'Tong Tak Street'],
  ]),
];
const hkMobilePrefixes = ['61', '63', '64', '65', '69', '94', '96', '97'];
const hkEmailDomains = list('gmail.com,yahoo.com.hk,hotmail.com,netvigator.com,outlook.com');

type Country = 'US' | 'CA' | 'SG' | 'AU' | 'GB';
type OverseasCity = {
  country: Country;
  city: string;
  state: string;
  timezone: string;
  branch: string;
  region: string;
  areaCodes: readonly string[];
  /** US ZIP prefix, Canadian FSA letter, or Australian postcode range. */
  postal: string;
  streets: readonly string[];
};

const usStreets =
  'Main Street,Broadway,Oak Street,Maple Avenue,Park Avenue,Washington Street,' +
  'Elm Street,Lake Street,Pine Street,Cedar Avenue,Market Street,Sunset Boulevard';
const streetsOf: Record<string, string> = {
  Toronto: 'Yonge Street,Queen Street West,Bloor Street West,Dundas Street',
  Vancouver: 'Granville Street,Robson Street,Kingsway,Cambie Street',
  Singapore:
    'Ang Mo Kio Avenue 3,Tampines Street 21,Bedok North Road,Jurong West Street 41,' +
    'Toa Payoh Lorong 1,Clementi Avenue 2,Woodlands Drive 14,Yishun Ring Road,Sengkang East Way',
  Sydney: 'George Street,Pitt Street,Oxford Street,Parramatta Road',
  Melbourne: 'Collins Street,Swanston Street,Flinders Street,Chapel Street',
  London: 'Baker Street,Oxford Street,High Street,Victoria Road,Kings Road',
};

/** country|city|state|zone|branch|region|area codes|postal, and a weight. */
const overseasCities = weighted<OverseasCity>(
  (
    [
      ['US|New York|NY|America/New_York|纽约分行|北美|212,646,917,718,347|100', 20],
      ['US|Boston|MA|America/New_York|纽约分行|北美|617,857|021', 4],
      ['US|Los Angeles|CA|America/Los_Angeles|洛杉矶分行|北美|213,310,323,424,818,626|900', 14],
      ['US|San Francisco|CA|America/Los_Angeles|旧金山分行|北美|415,628,650|941', 8],
      ['US|Seattle|WA|America/Los_Angeles|旧金山分行|北美|206,425|981', 3],
      ['US|Chicago|IL|America/Chicago|纽约分行|北美|312,773|606', 4],
      ['US|Houston|TX|America/Chicago|纽约分行|北美|713,832|770', 2],
      ['CA|Toronto|ON|America/Toronto|多伦多分行|北美|416,647,437|M', 6],
      ['CA|Vancouver|BC|America/Vancouver|多伦多分行|北美|604,778,236|V', 4],
      ['SG|Singapore||Asia/Singapore|新加坡分行|东南亚||', 18],
      ['AU|Sydney|NSW|Australia/Sydney|悉尼分行|大洋洲||2000-2234', 5],
      ['AU|Melbourne|VIC|Australia/Melbourne|悉尼分行|大洋洲||3000-3207', 4],
      ['GB|London||Europe/London|伦敦分行|欧洲||', 8],
    ] as const
  ).map(([row, weight]) => {
    const [country = '', name = '', state = '', timezone = '', branch = '', region = ''] =
      row.split('|');
    const [codes = '', postal = ''] = row.split('|').slice(6);
    const place: OverseasCity = {
      country: country as Country,
      city: name,
      state,
      timezone,
      branch,
      region,
      areaCodes: codes ? codes.split(',') : [],
      postal,
      streets: list(streetsOf[name] ?? usStreets),
    };
    return [place, weight] as const;
  }),
);

function postalCode(rng: Rng, place: OverseasCity): string {
  switch (place.country) {
    case 'US':
      return place.postal + rng.digits(5 - place.postal.length);
    case 'CA':
      return (
        `${place.postal}${rng.between(1, 9)}${rng.pick(['A', 'B', 'C', 'E', 'G', 'H', 'J'])} ` +
        `${rng.between(1, 9)}${rng.pick(['K', 'L', 'M', 'N', 'P', 'R'])}${rng.between(1, 9)}`
      );
    case 'SG':
      return pad(rng.between(10_000, 829_999), 6);
    case 'AU': {
      const [lo, hi] = place.postal.split('-').map(Number);
      return String(rng.between(lo ?? 2000, hi ?? 2000));
    }
    case 'GB':
      return (
        `${rng.pick(['E14', 'SW1A', 'W1T', 'N1', 'SE1', 'NW3', 'EC2A'])} ` +
        `${rng.between(1, 9)}${rng.pick(['AA', 'BD', 'HR', 'LT', 'QZ', 'UW'])}`
      );
  }
}
const overseasEmailDomains = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'hotmail.com'];

// ---------------------------------------------------------------------------------------------
// Identity documents

const cnIdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const cnIdCheck = '10X98765432';

/** An 18-character mainland resident id: area, birth date, sequence (odd = male), check digit. */
function cnResidentId(area: string, birth: string, sequence: number, male: boolean): string {
  const body = area + birth.replaceAll('-', '') + pad(sequence * 2 + (male ? 1 : 0), 3);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (cnIdWeights[i] as number);
  return body + cnIdCheck[sum % 11];
}

/** A Hong Kong identity card number such as A123456(3). */
function hkIdentityCard(rng: Rng): string {
  const letter = rng.pick(['A', 'C', 'D', 'E', 'G', 'H', 'K', 'M', 'P', 'R', 'V', 'Y', 'Z']);
  const digits = rng.digits(6);
  let sum = 9 * 36 + 8 * (letter.charCodeAt(0) - 55);
  for (let i = 0; i < 6; i++) sum += (7 - i) * Number(digits[i]);
  const check = (11 - (sum % 11)) % 11;
  return `${letter}${digits}(${check === 10 ? 'A' : String(check)})`;
}

/** A Singapore NRIC: S (born before 2000) or T, seven digits, check letter. */
function singaporeNric(rng: Rng, bornYear: number): string {
  const prefix = bornYear < 2000 ? 'S' : 'T';
  const digits = pad(bornYear % 100, 2) + rng.digits(5);
  const weights = [2, 7, 6, 5, 4, 3, 2];
  let sum = prefix === 'T' ? 4 : 0;
  for (let i = 0; i < 7; i++) sum += Number(digits[i]) * (weights[i] as number);
  return prefix + digits + 'JZIHGFEDCBA'[sum % 11];
}

// ---------------------------------------------------------------------------------------------
// Debtors

type Currency = 'CNY' | 'HKD' | 'USD';

type Debtor = {
  id: string;
  name: string;
  nationalId: string;
  phone: string;
  email: string;
  wechatId: string;
  address: string;
  country: string;
  language: 'zh-CN' | 'en';
  timezone: string;
  region: string;
  branch: string;
  currency: Currency;
};

type Market = 'mainland' | 'hong-kong' | 'overseas';
const markets = weighted<Market>([
  ['mainland', 80],
  ['hong-kong', 12],
  ['overseas', 8],
]);

/** A birth date for an adult of 22 to 64. */
function birthDate(rng: Rng, asOf: string): string {
  const year = Number(asOf.slice(0, 4)) - rng.between(22, 64);
  const month = rng.between(1, 12);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(rng.between(1, daysInMonth(year, month)), 2)}`;
}

function emailLocal(rng: Rng, given: string, family: string, year: string): string {
  const g = given.toLowerCase().replaceAll(' ', '');
  const f = family.toLowerCase().replaceAll(' ', '');
  switch (rng.below(5)) {
    case 0:
      return `${f}${g}${year.slice(2)}`;
    case 1:
      return `${g}.${f}`;
    case 2:
      return `${f}${g}${rng.between(1, 999)}`;
    case 3:
      return `${g.slice(0, 1)}${f}${year}`;
    default:
      return `${f}.${g}${rng.between(10, 99)}`;
  }
}

const wechatChars = 'abcdefghijklmnopqrstuvwxyz0123456789';

function mainlandDebtor(rng: Rng, id: string, asOf: string): Debtor {
  const place = draw(rng, cnCities);
  const district = rng.pick(place.districts);
  const male = rng.percent(52);
  const [surname, surnamePy] = rng.pickSkewed(cnSurnames);
  const givenList = male ? cnMaleGiven : cnFemaleGiven;
  const [g1, g1Py] = rng.pick(givenList);
  const [g2, g2Py] = rng.percent(72) ? rng.pick(givenList) : ['', ''];
  const given = g1Py + g2Py;
  const birth = birthDate(rng, asOf);
  // Most were born where they live; the rest elsewhere.
  const birthArea = rng.percent(70) ? district.code : rng.pick(draw(rng, cnCities).districts).code;
  const nationalId = cnResidentId(birthArea, birth, rng.below(500), male);
  const phone = rng.percent(97) ? `+86${rng.pick(cnMobilePrefixes)}${rng.digits(8)}` : '';
  let email = '';
  if (rng.percent(55)) {
    const domain = draw(rng, cnEmailDomains);
    email =
      domain === 'qq.com' && rng.percent(60)
        ? `${rng.between(10_000_000, 2_999_999_999)}@qq.com`
        : `${emailLocal(rng, given, surnamePy, birth.slice(0, 4))}@${domain}`;
  }
  let wechatId = '';
  if (rng.percent(45)) {
    if (rng.percent(50)) {
      wechatId = 'wxid_';
      for (let i = 0; i < 14; i++) wechatId += wechatChars[rng.below(wechatChars.length)];
    } else {
      wechatId = `${surnamePy}${given}${rng.percent(50) ? '_' : ''}${rng.between(1, 9999)}`;
    }
  }
  const provinceCity = place.province === place.city ? place.city : place.province + place.city;
  const address = rng.percent(85)
    ? `${provinceCity}${district.name}${rng.pick(cnStreets)}${rng.between(1, 999)}号` +
      `${rng.pick(cnCompounds)}${rng.between(1, 30)}栋${rng.between(1, 4)}单元` +
      `${rng.between(1, 33)}${pad(rng.between(1, 8), 2)}室`
    : '';
  return {
    id,
    name: surname + g1 + g2,
    nationalId,
    phone,
    email,
    wechatId,
    address,
    country: 'CN',
    language: 'zh-CN',
    timezone: 'Asia/Shanghai',
    region: place.province,
    branch: place.city.replace(/市$/, '') + '分行',
    currency: 'CNY',
  };
}

function hongKongDebtor(rng: Rng, id: string, asOf: string): Debtor {
  const area = rng.pick(hkAreas);
  const male = rng.percent(50);
  const [surname, surnameRom] = rng.pickSkewed(hkSurnames);
  const [g1, g1Rom] = rng.pick(hkGiven);
  const [g2, g2Rom] = rng.pick(hkGiven);
  // About half use an English name ("Peter Chan Ka Ming") and English correspondence.
  const english = rng.percent(45);
  const first = rng.pick(male ? englishMale : englishFemale);
  const birth = birthDate(rng, asOf);
  const phone = rng.percent(98) ? `+852${rng.pick(hkMobilePrefixes)}${rng.digits(6)}` : '';
  const emailGiven = english ? first : g1Rom + g2Rom;
  const email = rng.percent(70)
    ? `${emailLocal(rng, emailGiven, surnameRom, birth.slice(0, 4))}@${rng.pick(hkEmailDomains)}`
    : '';
  const [streetZh, streetEn] = rng.pick(area.streets);
  const number = rng.between(1, 400);
  const floor = rng.between(2, 40);
  const flat = rng.pick(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
  let address = '';
  if (rng.percent(80))
    address = english
      ? `Flat ${flat}, ${floor}/F, ${number} ${streetEn}, ${area.en}, ${area.regionEn}`
      : `${area.regionZh}${area.zh}${streetZh}${number}號${floor}樓${flat}室`;
  const wechatId =
    !english && rng.percent(15)
      ? `${surnameRom.toLowerCase()}${g1Rom.toLowerCase()}${rng.between(10, 999)}`
      : '';
  return {
    id,
    name: english ? `${first} ${surnameRom} ${g1Rom} ${g2Rom}` : surname + g1 + g2,
    nationalId: hkIdentityCard(rng),
    phone,
    email,
    wechatId,
    address,
    country: 'HK',
    language: english ? 'en' : 'zh-CN',
    timezone: 'Asia/Hong_Kong',
    region: '香港',
    branch: `${area.zh}分行`,
    currency: 'HKD',
  };
}

function overseasPhone(rng: Rng, place: OverseasCity): string {
  switch (place.country) {
    case 'US':
    case 'CA': {
      let exchange: string;
      do exchange = String(rng.between(200, 999));
      while (exchange.endsWith('11') || exchange === '555');
      return `+1${rng.pick(place.areaCodes)}${exchange}${rng.digits(4)}`;
    }
    case 'SG':
      return `+65${rng.between(81, 98)}${rng.digits(6)}`;
    case 'AU':
      return `+61${rng.pick(['40', '41', '42', '43', '46'])}${rng.digits(7)}`;
    case 'GB':
      return `+44${rng.pick(['71', '72', '73', '74', '75', '78'])}${rng.digits(8)}`;
  }
}

function overseasDebtor(rng: Rng, id: string, asOf: string): Debtor {
  const place = draw(rng, overseasCities);
  const male = rng.percent(50);
  const first = rng.pick(male ? englishMale : englishFemale);
  const last = rng.percent(40) ? rng.pick(diasporaSurnames) : rng.pick(englishSurnames);
  const birth = birthDate(rng, asOf);
  const phone = rng.percent(97) ? overseasPhone(rng, place) : '';
  const email = rng.percent(95)
    ? `${emailLocal(rng, first, last, birth.slice(0, 4))}@${rng.pick(overseasEmailDomains)}`
    : '';
  const street = rng.pick(place.streets);
  const postal = postalCode(rng, place);
  let address = '';
  if (rng.percent(90)) {
    if (place.country === 'SG')
      address = `Blk ${rng.between(1, 999)} ${street}, #${pad(rng.between(2, 25), 2)}-${rng.between(10, 999)}, Singapore ${postal}`;
    else if (place.country === 'GB')
      address = `Flat ${rng.between(1, 80)}, ${rng.between(1, 300)} ${street}, London ${postal}`;
    else {
      const apt = rng.percent(50)
        ? `, Apt ${rng.between(1, 40)}${rng.pick(['A', 'B', 'C', 'D'])}`
        : '';
      address = `${rng.between(1, 9999)} ${street}${apt}, ${place.city}, ${place.state} ${postal}`;
    }
  }
  return {
    id,
    name: `${first} ${last}`,
    nationalId: place.country === 'SG' ? singaporeNric(rng, Number(birth.slice(0, 4))) : '',
    phone,
    email,
    wechatId: '',
    address,
    country: place.country,
    language: 'en',
    timezone: place.timezone,
    region: place.region,
    branch: place.branch,
    currency: 'USD',
  };
}

// ---------------------------------------------------------------------------------------------
// Accounts

type Product = 'credit_card' | 'consumer_loan' | 'mortgage' | 'auto_loan' | 'sme_loan' | 'other';

const products = weighted<Product>([
  ['credit_card', 45],
  ['consumer_loan', 22],
  ['auto_loan', 10],
  ['sme_loan', 9],
  ['mortgage', 9],
  ['other', 5],
]);

type ProductTerms = {
  prefix: string;
  /** Annual interest rate in basis points. */
  rateBp: bigint;
  /** Outstanding principal bands in CNY major units. */
  bands: Weighted<readonly [number, number]>;
  /** Loan terms in months (none for cards). */
  terms: readonly number[];
};

const productTerms: Record<Product, ProductTerms> = {
  credit_card: { prefix: 'CC', rateBp: 1825n, bands: weighted([[[0, 0], 1]]), terms: [] },
  consumer_loan: {
    prefix: 'CL',
    rateBp: 1080n,
    bands: weighted([
      [[5_000, 30_000], 40],
      [[30_000, 100_000], 40],
      [[100_000, 300_000], 20],
    ]),
    terms: [12, 24, 36],
  },
  mortgage: {
    prefix: 'ML',
    rateBp: 390n,
    bands: weighted([
      [[200_000, 600_000], 35],
      [[600_000, 1_500_000], 45],
      [[1_500_000, 4_000_000], 20],
    ]),
    terms: [120, 180, 240, 300, 360],
  },
  auto_loan: {
    prefix: 'AL',
    rateBp: 650n,
    bands: weighted([
      [[30_000, 100_000], 45],
      [[100_000, 250_000], 40],
      [[250_000, 500_000], 15],
    ]),
    terms: [24, 36, 60],
  },
  sme_loan: {
    prefix: 'SL',
    rateBp: 480n,
    bands: weighted([
      [[100_000, 500_000], 45],
      [[500_000, 2_000_000], 40],
      [[2_000_000, 8_000_000], 15],
    ]),
    terms: [12, 24, 36],
  },
  other: {
    prefix: 'OT',
    rateBp: 1500n,
    bands: weighted([
      [[2_000, 20_000], 50],
      [[20_000, 80_000], 50],
    ]),
    terms: [6, 12, 24],
  },
};

/** Loan principal drawn in CNY is converted as CNY x num / den (HKD ~1.1, USD ~1/7). */
const fromCny: Record<Currency, readonly [bigint, bigint]> = {
  CNY: [1n, 1n],
  HKD: [11n, 10n],
  USD: [1n, 7n],
};
/** Credit limits in major units, most common first. */
const cardLimits: Record<Currency, readonly number[]> = {
  CNY: [10_000, 5_000, 20_000, 30_000, 50_000, 15_000, 80_000, 100_000, 150_000, 200_000],
  HKD: [10_000, 20_000, 30_000, 50_000, 80_000, 120_000, 200_000],
  USD: [2_000, 1_000, 3_000, 5_000, 8_000, 10_000, 15_000, 25_000],
};
/** Card minimum payment floor and late fee per missed cycle, in major units. */
const cardMinimum: Record<Currency, bigint> = { CNY: 100n, HKD: 100n, USD: 25n };
const cardLateFee: Record<Currency, bigint> = { CNY: 50n, HKD: 300n, USD: 35n };

type Bucket = { name: string; dpd: Weighted<readonly [number, number]> };
const bucket = (name: string, dpd: readonly (readonly [number, number, number])[]): Bucket => ({
  name,
  dpd: weighted(dpd.map(([lo, hi, w]) => [[lo, hi] as const, w] as const)),
});
/** Delinquency buckets by share of accounts (percent), M7+ spanning doubtful and loss. */
const buckets = weighted<Bucket>([
  [bucket('pre-due', [[0, 0, 1]]), 12],
  [bucket('current', [[0, 0, 1]]), 8],
  [bucket('M1', [[1, 30, 1]]), 25],
  [bucket('M2', [[31, 60, 1]]), 14],
  [bucket('M3', [[61, 90, 1]]), 10],
  [bucket('M4', [[91, 120, 1]]), 8],
  [bucket('M5', [[121, 150, 1]]), 6],
  [bucket('M6', [[151, 180, 1]]), 5],
  [
    bucket('M7+', [
      [181, 270, 40],
      [271, 360, 25],
      [361, 1095, 35],
    ]),
    12,
  ],
]);

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);

function account(rng: Rng, debtor: Debtor, index: number, b: Bucket, days: DaysFrom): TapeRecord {
  const asOf = days.asOf;
  const product = draw(rng, products);
  const terms = productTerms[product];
  const digits = currencyDigits(debtor.currency) as number;
  const unit = 10n ** BigInt(digits);
  const fmt = (minor: bigint): string => formatAmount(minor, digits);
  const card = product === 'credit_card';

  // Principal in minor units.
  let principal: bigint;
  let creditLimit = '';
  if (card) {
    const limit = BigInt(rng.pickSkewed(cardLimits[debtor.currency])) * unit;
    creditLimit = fmt(limit);
    principal = (limit * BigInt(rng.between(35, 102))) / 100n + BigInt(rng.below(Number(unit)));
  } else {
    const [lo, hi] = draw(rng, terms.bands);
    const [num, den] = fromCny[debtor.currency];
    let major = (BigInt(rng.between(lo, hi)) * num) / den;
    if (product === 'mortgage' && debtor.currency === 'HKD') major *= 2n; // Hong Kong property
    principal = major * unit + BigInt(rng.below(Number(unit)));
  }

  const dpd = rng.between(...draw(rng, b.dpd));
  // Cards are called in (whole balance due) past 90 DPD, loans past 180.
  const accelerated = dpd > (card ? 90 : 180);

  // Schedule: loan term, installments paid before the first unpaid one, and the installment
  // (for a card, the minimum payment: 10% of the balance, at least a floor).
  const term = card ? 0 : rng.pick(terms.terms);
  const paid = card ? rng.between(6, 120) : rng.between(3, term - 1);
  const installment = card
    ? min(principal, max(principal / 10n, cardMinimum[debtor.currency] * unit))
    : principal / BigInt(term - paid) + (principal * terms.rateBp) / 120_000n + 1n;

  let oldestUnpaid = '';
  let nextDue = '';
  let cycles = 0; // due dates missed
  let accrualDays: number; // days of interest since the last due date
  if (dpd > 0) {
    oldestUnpaid = days.plus(-dpd);
    // Due dates oldestUnpaid + j months that are on or before asOf.
    const months =
      (Number(asOf.slice(0, 4)) - Number(oldestUnpaid.slice(0, 4))) * 12 +
      Number(asOf.slice(5, 7)) -
      Number(oldestUnpaid.slice(5, 7));
    cycles = addMonths(oldestUnpaid, months) <= asOf ? months + 1 : months;
    if (!accelerated) nextDue = addMonths(oldestUnpaid, cycles);
    accrualDays = dpd + 30;
  } else {
    const until = b.name === 'pre-due' ? rng.between(0, 30) : rng.between(31, 61);
    nextDue = days.plus(until);
    accrualDays = Math.max(0, 30 - until);
  }
  const anchor = dpd > 0 ? oldestUnpaid : nextDue;
  const origination = earlierInMonth(addMonths(anchor, -(paid + 1)), rng.below(10));

  // Interest accrues on the principal; penalty interest (half the rate again) on the overdue
  // principal, and card late fees per missed cycle: all grow with DPD.
  const interest = (principal * terms.rateBp * BigInt(accrualDays)) / 3_650_000n;
  const overduePrincipal = accelerated ? principal : min(principal, BigInt(cycles) * installment);
  const penalty = (overduePrincipal * terms.rateBp * BigInt(dpd)) / 7_300_000n;
  const lateFees = card ? BigInt(Math.min(cycles, 24)) * cardLateFee[debtor.currency] * unit : 0n;
  const fees = penalty + lateFees;
  const balance = principal + interest + fees;
  const overdue =
    dpd === 0 ? 0n : accelerated ? balance : min(balance, BigInt(cycles) * installment + fees);

  return {
    account_id: terms.prefix + pad(index + 1, 10),
    debtor_id: debtor.id,
    debtor_name: debtor.name,
    national_id: debtor.nationalId,
    product,
    currency: debtor.currency,
    principal_outstanding: fmt(principal),
    interest_outstanding: fmt(interest),
    fees_outstanding: fmt(fees),
    overdue_amount: fmt(overdue),
    oldest_unpaid_due_date: oldestUnpaid,
    next_due_date: nextDue,
    next_due_amount: nextDue ? fmt(min(installment, balance)) : '',
    credit_limit: creditLimit,
    origination_date: origination,
    branch: debtor.branch,
    region: debtor.region,
    timezone: debtor.timezone,
    phone: debtor.phone,
    email: debtor.email,
    wechat_id: debtor.wechatId,
    address: debtor.address,
    country: debtor.country,
    language: debtor.language,
  };
}

// ---------------------------------------------------------------------------------------------
// The tape

const accountsPerDebtor = weighted([
  [1, 80],
  [2, 15],
  [3, 5],
]);

function debtorRng(seed: number, debtorIndex: number): Rng {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return new Rng(fmix32(fmix32(fmix32(lo ^ 0x9e3779b9) ^ hi) ^ fmix32(debtorIndex + 0x632be5ab)));
}

/**
 * Yields `count` valid loan-tape rows, fully determined by (seed, asOf) and the row index.
 * Debtors have 1-3 accounts sharing debtor id, name, national id and contact data.
 */
export function* syntheticTape(options: SyntheticTapeOptions): Generator<TapeRecord> {
  const { seed, count, asOf } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer: ${seed}`);
  if (!Number.isSafeInteger(count) || count < 0)
    throw new RangeError(`count must be a non-negative integer: ${count}`);
  if (!isCalendarDate(asOf)) throw new RangeError(`asOf must be a YYYY-MM-DD date: ${asOf}`);
  const days = new DaysFrom(asOf);
  let index = 0;
  for (let k = 0; index < count; k++) {
    const rng = debtorRng(seed, k);
    const id = 'D' + pad(k + 1, 9);
    const market = draw(rng, markets);
    const debtor =
      market === 'mainland'
        ? mainlandDebtor(rng, id, asOf)
        : market === 'hong-kong'
          ? hongKongDebtor(rng, id, asOf)
          : overseasDebtor(rng, id, asOf);
    const n = draw(rng, accountsPerDebtor);
    const first = draw(rng, buckets);
    for (let j = 0; j < n && index < count; j++, index++) {
      // A debtor's accounts tend to fall behind together.
      const b = j === 0 || rng.percent(50) ? first : draw(rng, buckets);
      yield account(rng, debtor, index, b, days);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The header row, ending with '\n'. */
export function tapeCsvHeader(): string {
  return tapeColumns.join(',') + '\n';
}

/** One record as a CSV line in column order, quoted where needed, ending with '\n'. */
export function tapeCsvLine(r: TapeRecord): string {
  return tapeColumns.map((c) => csvField(r[c])).join(',') + '\n';
}
