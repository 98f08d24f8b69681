/* global document, fetch, URLSearchParams */
// The portfolio overview: plain DOM and SVG over the JSON API (no build step, no libraries).
// Every value from the API is written with textContent, never as HTML.

const buckets = [
  { id: 'current', label: 'Current 正常', range: 'DPD 0', css: 'b-current' },
  { id: 'M1', label: 'M1', range: '1–30', css: 'b-m1' },
  { id: 'M2', label: 'M2', range: '31–60', css: 'b-m2' },
  { id: 'M3', label: 'M3', range: '61–90', css: 'b-m3' },
  { id: 'M4', label: 'M4', range: '91–120', css: 'b-m4' },
  { id: 'M5', label: 'M5', range: '121–150', css: 'b-m5' },
  { id: 'M6', label: 'M6', range: '151–180', css: 'b-m6' },
  { id: 'M7+', label: 'M7+', range: '181+', css: 'b-m7' },
];
const bucketById = new Map(buckets.map((b) => [b.id, b]));

const riskClasses = [
  { id: 'normal', label: 'Normal 正常' },
  { id: 'special_mention', label: 'Special mention 关注' },
  { id: 'substandard', label: 'Substandard 次级', npl: true },
  { id: 'doubtful', label: 'Doubtful 可疑', npl: true },
  { id: 'loss', label: 'Loss 损失', npl: true },
];
const riskById = new Map(riskClasses.map((c) => [c.id, c]));

const products = {
  credit_card: 'Credit card 信用卡',
  consumer_loan: 'Consumer loan 消费贷',
  mortgage: 'Mortgage 房贷',
  auto_loan: 'Auto loan 车贷',
  sme_loan: 'SME loan 小微贷',
  other: 'Other 其他',
};

const filters = [
  { id: 'all', label: 'All 全部', query: {} },
  { id: 'pre_due', label: 'Pre-due 到期前', query: { pre_due: 'true' } },
  ...buckets.map((b) => ({
    id: b.id,
    label: b.id === 'current' ? b.label : b.id,
    query: { bucket: b.id },
  })),
];

const pageSize = 50;
// `view` counts changes of portfolio or filter: a response for an older view is dropped.
const state = { portfolio: '', filter: 'all', cursor: null, loaded: 0, view: 0, summaryView: 0 };
const $ = (id) => document.getElementById(id);
const svgNs = 'http://www.w3.org/2000/svg';

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const count = (n) => n.toLocaleString('en-US');

/** Groups the digits of a decimal string ("1234567.50" -> "1,234,567.50") without floats. */
function groupDigits(amount) {
  const [whole, frac] = amount.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const grouped = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (frac === undefined ? '' : `.${frac}`);
}

function amountLines(amounts) {
  if (amounts.length === 0) return [el('span', { class: 'muted', text: '—' })];
  return amounts.map((a) =>
    el('div', { class: 'amount-line' }, [
      el('span', { class: 'ccy', text: a.currency }),
      el('span', { text: groupDigits(a.amount) }),
    ]),
  );
}

async function api(path, params = {}) {
  const query = new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== '' && v != null),
  );
  const url = query.toString() === '' ? path : `${path}?${query}`;
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? `${res.status} ${res.statusText}`);
  return body;
}

function showError(error) {
  const banner = $('error-banner');
  banner.textContent = `Could not load data 数据加载失败: ${error.message}`;
  banner.hidden = false;
}

function portfolioParam() {
  return state.portfolio === '' ? {} : { portfolio: state.portfolio };
}

async function loadPortfolios() {
  const { items } = await api('/api/v1/portfolios');
  const select = $('portfolio-select');
  for (const p of items)
    select.append(el('option', { value: p.name, text: `${p.name} (${count(p.account_count)})` }));
  select.addEventListener('change', () => {
    state.portfolio = select.value;
    refresh();
  });
}

async function loadLatestCycle() {
  const { items } = await api('/api/v1/cycle-runs', { limit: 1 });
  $('latest-cycle').textContent = items[0] ? items[0].as_of : 'not run yet 未运行';
}

function renderKpis(s) {
  const aged = s.total.accounts - s.not_aged.accounts;
  $('kpi-accounts').textContent = count(s.total.accounts);
  $('kpi-accounts-note').textContent =
    s.not_aged.accounts > 0
      ? `${count(s.not_aged.accounts)} not aged yet 尚未批处理`
      : `Aged as of ${s.aged_as_of ?? '—'} 账龄日`;
  $('kpi-overdue').replaceChildren(...amountLines(s.total.overdue));
  $('kpi-npl').textContent = count(s.non_performing.accounts);
  const ratio = aged > 0 ? ((100 * s.non_performing.accounts) / aged).toFixed(1) : '0.0';
  $('kpi-npl-note').textContent = `${ratio}% of aged accounts 占已批处理账户`;
  $('kpi-pre-due').textContent = count(s.pre_due.accounts);
}

function renderBucketChart(s) {
  const width = 560;
  const height = 250;
  const top = 22;
  const bottom = 44;
  const slot = width / buckets.length;
  const barWidth = slot * 0.56;
  const plot = height - top - bottom;
  const max = Math.max(1, ...s.by_bucket.map((b) => b.accounts));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true' });
  chart.append(svg('line', { x1: 0, x2: width, y1: top + plot, y2: top + plot, class: 'axis' }));
  s.by_bucket.forEach((b, i) => {
    const meta = bucketById.get(b.bucket);
    const x = i * slot + (slot - barWidth) / 2;
    const h = (plot * b.accounts) / max;
    const y = top + plot - h;
    const bar = svg('rect', { x, y, width: barWidth, height: h, rx: 2, class: meta.css });
    bar.append(svg('title', {}, `${meta.label}: ${count(b.accounts)} accounts`));
    chart.append(bar);
    if (b.bucket === 'current' && s.pre_due.accounts > 0) {
      const hp = (plot * s.pre_due.accounts) / max;
      chart.append(
        svg('rect', { x, y: top + plot - hp, width: barWidth, height: hp, class: 'b-pre-due' }),
      );
    }
    const cx = x + barWidth / 2;
    const text = (y, cls, value) =>
      chart.append(svg('text', { x: cx, y, 'text-anchor': 'middle', class: cls }, value));
    text(y - 6, 'bar-value', count(b.accounts));
    text(top + plot + 16, 'bar-label', b.bucket === 'current' ? 'Current' : b.bucket);
    text(top + plot + 31, 'bar-label', meta.range);
  });
  const legend = el('div', { class: 'muted' }, [
    el('span', { class: 'swatch b-pre-due' }),
    'Pre-due 到期前 (part of Current, due within 30 days)',
  ]);
  $('bucket-chart').replaceChildren(chart, legend);
}

function currenciesOf(s) {
  const seen = new Set([...s.total.overdue, ...s.total.balance].map((a) => a.currency));
  return [...seen].sort();
}

function agingRow(label, range, tally, share, currencies, testId, extraClass = '') {
  const overdue = new Map(tally.overdue.map((a) => [a.currency, a.amount]));
  return el('tr', { class: extraClass, 'data-bucket': testId }, [
    el('td', {}, label),
    el('td', { text: range }),
    el('td', {
      class: 'num',
      'data-testid': `bucket-count-${testId}`,
      text: count(tally.accounts),
    }),
    el('td', { class: 'num', text: share }),
    ...currencies.map((c) =>
      el('td', { class: 'num', text: overdue.has(c) ? groupDigits(overdue.get(c)) : '—' }),
    ),
  ]);
}

function renderBucketTable(s) {
  const currencies = currenciesOf(s);
  const share = (n) =>
    s.total.accounts > 0 ? `${((100 * n) / s.total.accounts).toFixed(1)}%` : '—';
  const swatch = (css, text) => [el('span', { class: `swatch ${css}` }), text];
  const th = (text, cls = '') => el('th', { scope: 'col', class: cls, text });
  $('bucket-table').tHead.replaceChildren(
    el('tr', {}, [
      th('Bucket 账龄'),
      th('DPD 逾期天数'),
      th('Accounts 账户', 'num'),
      th('Share 占比', 'num'),
      ...currencies.map((c) => th(`Overdue ${c} 逾期`, 'num')),
    ]),
  );
  const rows = [];
  for (const b of s.by_bucket) {
    const meta = bucketById.get(b.bucket);
    rows.push(
      agingRow(
        swatch(meta.css, meta.label),
        meta.range,
        b,
        share(b.accounts),
        currencies,
        b.bucket,
      ),
    );
    if (b.bucket === 'current')
      rows.push(
        agingRow(
          swatch('b-pre-due', 'Pre-due 到期前'),
          'due ≤ 30 days',
          s.pre_due,
          share(s.pre_due.accounts),
          currencies,
          'pre_due',
          'sub',
        ),
      );
  }
  if (s.not_aged.accounts > 0)
    rows.push(
      agingRow(
        swatch('b-none', 'Not aged yet 未批处理'),
        '—',
        s.not_aged,
        share(s.not_aged.accounts),
        currencies,
        'not_aged',
      ),
    );
  $('bucket-table').tBodies[0].replaceChildren(...rows);
  $('bucket-table').tFoot.replaceChildren(
    agingRow(['Total 合计'], '', s.total, share(s.total.accounts), currencies, 'total'),
  );
}

function overdueText(amounts) {
  const nonZero = amounts.filter((a) => /[1-9]/.test(a.amount));
  if (nonZero.length === 0) return 'No overdue 无逾期';
  return `Overdue 逾期 ${nonZero.map((a) => `${a.currency} ${groupDigits(a.amount)}`).join(' · ')}`;
}

function renderRisk(s) {
  const max = Math.max(1, ...s.by_risk_class.map((c) => c.accounts));
  const rows = s.by_risk_class.flatMap((c) => {
    const meta = riskById.get(c.risk_class);
    const name = el('span', { class: 'risk-name', text: meta.label });
    if (meta.npl) name.append(el('span', { class: 'npl-tag', text: 'NPL' }));
    const fill = el('div', { class: `risk-fill r-${c.risk_class}` });
    fill.style.width = `${(100 * c.accounts) / max}%`;
    return [
      el('div', { class: 'risk-row', 'data-risk-class': c.risk_class }, [
        name,
        el('div', { class: 'risk-track' }, [fill]),
        el('span', {
          class: 'risk-count',
          'data-testid': `risk-count-${c.risk_class}`,
          text: count(c.accounts),
        }),
      ]),
      el('div', { class: 'risk-row' }, [
        el('span'),
        el('div', {
          class: 'risk-amounts',
          text: overdueText(c.overdue),
        }),
      ]),
    ];
  });
  $('risk-bars').replaceChildren(...rows);
  const npl = s.non_performing;
  $('npl-summary').textContent =
    `Non-performing 不良 (substandard + doubtful + loss 次级+可疑+损失): ` +
    `${count(npl.accounts)} accounts 户 · ${overdueText(npl.overdue)}`;
}

const segmentLabels = {
  green: 'Green 自愈',
  yellow: 'Yellow 协商',
  red: 'Red 法务',
};

async function loadSegments() {
  const view = state.summaryView;
  const s = await api('/api/v1/segments', portfolioParam());
  if (view !== state.summaryView) return;
  $('kpi-segments').replaceChildren(
    ...s.by_segment.map((g) =>
      el('div', { class: `amount-line segment-${g.segment}`, 'data-segment': g.segment }, [
        el('span', { class: 'ccy', text: segmentLabels[g.segment] ?? g.segment }),
        el('span', { text: `${count(g.debtors)} · ${(g.share_bps / 100).toFixed(1)}%` }),
      ]),
    ),
  );
}

async function loadSummary() {
  const view = ++state.summaryView;
  const s = await api('/api/v1/portfolio-summary', portfolioParam());
  if (view !== state.summaryView) return;
  renderKpis(s);
  renderBucketChart(s);
  renderBucketTable(s);
  renderRisk(s);
}

function bucketPill(a) {
  if (a.bucket === null) return el('span', { class: 'muted', text: 'Not aged 未批处理' });
  const meta = bucketById.get(a.bucket);
  const cell = el('span', {}, [
    el('span', { class: `pill ${meta.css}`, text: a.bucket === 'current' ? 'Current' : a.bucket }),
  ]);
  if (a.pre_due) cell.append(el('span', { class: 'pill pre-due', text: 'Pre-due' }));
  return cell;
}

function accountRow(a) {
  return el('tr', { 'data-account-id': a.account_id }, [
    el('td', { text: a.account_id }),
    el('td', { text: a.portfolio }),
    el('td', { text: a.debtor_name }),
    el('td', { class: 'col-product', text: products[a.product] ?? a.product }),
    el('td', { class: 'num', text: `${a.currency} ${groupDigits(a.overdue_amount)}` }),
    el('td', { class: 'num', text: a.dpd === null ? '—' : String(a.dpd) }),
    el('td', {}, [bucketPill(a)]),
    el('td', { text: a.risk_class === null ? '—' : riskById.get(a.risk_class).label }),
  ]);
}

async function loadAccounts(reset) {
  const body = $('accounts-table').tBodies[0];
  if (reset) {
    state.view++;
    state.cursor = null;
    state.loaded = 0;
    body.replaceChildren();
  }
  const view = state.view;
  const filter = filters.find((f) => f.id === state.filter);
  const page = await api('/api/v1/accounts', {
    ...portfolioParam(),
    ...filter.query,
    limit: pageSize,
    cursor: state.cursor,
  });
  if (view !== state.view) return;
  body.append(...page.items.map(accountRow));
  state.loaded += page.items.length;
  state.cursor = page.next_cursor;
  $('load-more').hidden = page.next_cursor === null;
  $('accounts-status').textContent =
    state.loaded === 0 ? 'No accounts 暂无账户' : `Showing ${count(state.loaded)} accounts 已显示`;
}

function renderFilterChips() {
  const chips = filters.map((f) => {
    const chip = el('button', {
      type: 'button',
      class: 'chip',
      'data-filter': f.id,
      'aria-pressed': String(f.id === state.filter),
      text: f.label,
    });
    chip.addEventListener('click', () => {
      state.filter = f.id;
      for (const c of $('bucket-filter').children)
        c.setAttribute('aria-pressed', String(c === chip));
      loadAccounts(true).catch(showError);
    });
    return chip;
  });
  $('bucket-filter').replaceChildren(...chips);
}

function refresh() {
  $('error-banner').hidden = true;
  return Promise.all([loadSummary(), loadSegments(), loadAccounts(true)]).catch(showError);
}

renderFilterChips();
$('load-more').addEventListener('click', () => loadAccounts(false).catch(showError));
Promise.all([loadPortfolios(), loadLatestCycle(), refresh()])
  .then(() => document.body.setAttribute('data-ready', 'true'))
  .catch(showError);
