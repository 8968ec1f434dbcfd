// Charts for app pages (dist/page-charts.js): Apache ECharts with only the charts and
// components the Chart component uses. page.html loads it (after dist/page.js) only when
// the page has a chart; the runtime finds it as window.__pbCharts.

import { BarChart, LineChart, PieChart, SankeyChart, ScatterChart } from "echarts/charts";
import {
  DatasetComponent, DataZoomComponent, GridComponent, LegendComponent, TitleComponent,
  ToolboxComponent, TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { buildOption, mountChart } from "./page/chart.js";

echarts.use([
  BarChart, LineChart, PieChart, SankeyChart, ScatterChart,
  DatasetComponent, DataZoomComponent, GridComponent, LegendComponent, TitleComponent,
  ToolboxComponent, TooltipComponent, CanvasRenderer,
]);

window.__pbCharts = {
  mount: (root) => mountChart(root, echarts),
  buildOption,
  echarts,
};
