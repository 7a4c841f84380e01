// Apache ECharts in a React component: the chart is made on mount, given
// each new option, resized with its box and disposed on unmount. Only the
// chart types the console draws are bundled.
import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { BarChart, GraphChart, LineChart, PieChart } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  GraphChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export function Chart(props: { option: ChartOption; height?: number; testId?: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const element = box.current;
    const instance = echarts.init(element, undefined, { renderer: "canvas" });
    chart.current = instance;
    // A box of no size (detached while the screen changes, before this
    // effect's cleanup runs) would give a chart no view to lay out in.
    const observer = new ResizeObserver(() => {
      if (!instance.isDisposed() && element.clientWidth > 0 && element.clientHeight > 0) instance.resize();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(props.option, { notMerge: true });
  }, [props.option]);

  return (
    <div
      ref={box}
      className="chart"
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      style={{ height: props.height ?? 280 }}
    />
  );
}
