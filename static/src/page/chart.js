// The Chart component (bundled into dist/page-charts.js with Apache ECharts, which the page
// loads only when it has a chart): an ECharts option from the component's configuration
// (`data-pb-chart`) and its data-source rows.

import { bytes, duration } from "./grid.js";

const NO_AXES = new Set(["pie", "sankey"]);

const AXIS_FORMATS = {
  duration: (v) => duration(Number(v)),
  millisecond: (v) => (Math.abs(v) >= 1000 ? `${(v / 1000).toLocaleString()} s` : `${Number(v).toLocaleString()} ms`),
  decimal: (v) => Number(v).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  percent: (v) => `${Number(v).toLocaleString()}%`,
  bytes: (v) => bytes(Number(v)),
};

function axis(spec, type, horizontal = false) {
  const formatter = AXIS_FORMATS[spec && spec.formatter];
  return {
    type,
    ...(horizontal ? { nameLocation: "middle", nameGap: 28 } : {}),
    name: (spec && spec.name) || "",
    gridIndex: (spec && spec.grid_index) || 0,
    ...(formatter ? { axisLabel: { formatter } } : {}),
  };
}

/** Series from the rows alone: the first column along x, each other numeric one a series. */
function autoSeries(rows) {
  const keys = rows.length && rows[0] && typeof rows[0] === "object" ? Object.keys(rows[0]) : [];
  return keys.slice(1).filter((k) => typeof rows[0][k] === "number").map((k) => ({ name: k, encode_x: keys[0], encode_y: k }));
}

function seriesOption(s, chartType, rows, keys) {
  const kind = s.type || chartType;
  const x = s.encode_x || keys[0];
  const y = s.encode_y || keys[1];
  const option = { type: kind === "area" ? "line" : kind, name: s.name || y || "" };
  if (s.label_formatter) option.label = { show: true, formatter: s.label_formatter };
  if (s.color) option.itemStyle = { color: s.color };
  if (kind === "line" || kind === "area") {
    option.symbol = s.symbol || "emptyCircle";
    option.connectNulls = Boolean(s.connect_nulls);
    if (kind === "area") option.areaStyle = s.color ? { color: s.color } : {};
  }
  if (kind === "pie") {
    option.radius = "60%";
    option.data = rows.map((r) => ({ name: r[x], value: r[y] }));
  } else if (kind === "sankey") {
    const links = rows.map((r) => ({
      source: String(r.source ?? r[x]), target: String(r.target ?? r[y]), value: Number(r.value ?? 0),
    }));
    const names = [...new Set(links.flatMap((l) => [l.source, l.target]))];
    option.data = names.map((name) => ({ name }));
    option.links = links;
    option.emphasis = { focus: "adjacency" };
  } else {
    option.dimensions = [x, y];
    option.encode = { x: 0, y: 1 };
    option.data = rows.map((r) => [r[x], r[y]]);
  }
  return option;
}

/** The ECharts option of a chart's configuration and rows. */
export function buildOption(config, rows) {
  const list = Array.isArray(rows) ? rows : [];
  const chartType = config.type || "bar";
  const specs = config.series && config.series.length ? config.series : autoSeries(list);
  const keys = list.length && list[0] && typeof list[0] === "object" ? Object.keys(list[0]) : [];
  const cartesian = !specs.length ? !NO_AXES.has(chartType) : specs.some((s) => !NO_AXES.has(s.type || chartType));
  const option = {
    title: { text: config.title || "", subtext: config.subtitle || "", left: config.title_position || "left" },
    tooltip: { show: config.tooltip !== false, trigger: cartesian ? "axis" : "item" },
    legend: { show: config.legend !== false, bottom: 0 },
    dataset: { source: list },
    series: specs.map((s) => seriesOption(s, chartType, list, keys)),
  };
  if (cartesian) {
    const firstX = specs.length ? specs[0].encode_x || keys[0] : keys[0];
    const numericX = chartType === "scatter" && list.length && typeof list[0][firstX] === "number";
    option.grid = { left: 16, right: 24, top: config.title || config.subtitle ? 64 : 32, bottom: 56, containLabel: true };
    option.xAxis = axis(config.x_axis, numericX ? "value" : "category", true);
    option.yAxis = axis(config.y_axis, "value");
  }
  if (config.toolbox_zoom) option.toolbox = { feature: { dataZoom: {}, restore: {} } };
  return option;
}

/** Draw a chart into its figure; returns its controller. */
export function mountChart(root, echarts) {
  const config = JSON.parse(root.getAttribute("data-pb-chart") || "{}");
  const box = root.querySelector(".pb-chart-canvas") || root;
  const instance = echarts.init(box, null, { renderer: "canvas" });
  let rows = Array.isArray(config.default_value) ? config.default_value : [];
  const render = () => instance.setOption(buildOption(config, rows), true);
  render();
  root.classList.add("pb-chart-ready");
  let pending = 0;
  const resize = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => instance.resize());
  };
  if (typeof ResizeObserver === "function") new ResizeObserver(resize).observe(box);
  else window.addEventListener("resize", resize);
  return {
    instance,
    /** Rows (a data-source reply or an array), or a whole ECharts option (`{series: ...}`). */
    setData(data) {
      if (data && typeof data === "object" && !Array.isArray(data) && (data.series || data.dataset) && !data.rows) {
        instance.setOption(data, true);
        return;
      }
      rows = Array.isArray(data) ? data : data && typeof data === "object"
        ? (Array.isArray(data.rows) ? data.rows : Array.isArray(data.data) ? data.data : []) : [];
      render();
    },
    getData: () => rows,
    clear: () => instance.clear(),
    refresh: render,
  };
}
