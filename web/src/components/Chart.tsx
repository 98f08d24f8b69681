/** An ECharts chart (SVG renderer), loaded on demand so the first paint does not wait for it. */
import { useEffect, useRef } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

const chartFont =
  'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';

/** Drawn at once (no animation): a chart that changes with the language or filters is never caught half-drawn. */
const base = { animation: false, textStyle: { fontFamily: chartFont } };

type ChartProps = { option: EChartsCoreOption; label: string; testId?: string; height?: number };

export function Chart({ option, label, testId, height = 260 }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<{ setOption: (o: EChartsCoreOption, replace: boolean) => void } | null>(
    null,
  );
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    void import('./echarts-setup').then(({ echarts }) => {
      if (disposed || !ref.current) return;
      const instance = echarts.init(ref.current, null, { renderer: 'svg' });
      instance.setOption({ ...base, ...latest.current }, true);
      chart.current = {
        setOption: (o, replace) => instance.setOption({ ...base, ...o }, replace),
      };
      const observer = new ResizeObserver(() => instance.resize());
      observer.observe(ref.current);
      ref.current.dataset.rendered = 'true';
      cleanup = () => {
        observer.disconnect();
        instance.dispose();
      };
    });
    return () => {
      disposed = true;
      chart.current = null;
      cleanup();
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return (
    <div
      ref={ref}
      className="chart"
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ height }}
    />
  );
}
