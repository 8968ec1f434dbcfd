// Builds the front-end into static/dist: our own sources plus third-party code from npm.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const nodeModules = join(here, "..", "node_modules");

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const common = { bundle: true, minify: true, sourcemap: true, logLevel: "warning" };
await build({ ...common, entryPoints: [join(here, "src/app.js")], outfile: join(dist, "app.js"),
  format: "iife", target: "es2020" });
await build({ ...common, entryPoints: [join(here, "src/app.css")], outfile: join(dist, "app.css") });
await build({ ...common, entryPoints: [join(here, "src/api-docs.js")],
  outfile: join(dist, "api-docs.js"), format: "iife", target: "es2020" });
await build({ ...common, entryPoints: [join(here, "src/query-builder.js")],
  outfile: join(dist, "query-builder.js"), format: "iife", target: "es2020" });
await build({ ...common, entryPoints: [join(here, "src/query-builder.css")],
  outfile: join(dist, "query-builder.css") });
// The app page runtime and look (pagebuilder/templates/pagebuilder/page.html).
await build({ ...common, entryPoints: [join(here, "src/page.js")], outfile: join(dist, "page.js"),
  format: "iife", target: "es2020" });
await build({ ...common, entryPoints: [join(here, "src/page.css")], outfile: join(dist, "page.css") });
// Charts (Apache ECharts, only the parts used): loaded by pages that have a chart.
await build({ ...common, entryPoints: [join(here, "src/page-charts.js")], outfile: join(dist, "page-charts.js"),
  format: "iife", target: "es2020" });
// The IDE (ide/templates/ide/ide.html): app tree, CodeMirror editors, run console.
await build({ ...common, entryPoints: [join(here, "src/ide.js")], outfile: join(dist, "ide.js"),
  format: "iife", target: "es2020" });
await build({ ...common, entryPoints: [join(here, "src/ide.css")], outfile: join(dist, "ide.css") });
// The visual page editor (pagebuilder/templates/pagebuilder/editor.html), SortableJS.
await build({ ...common, entryPoints: [join(here, "src/editor.js")], outfile: join(dist, "editor.js"),
  format: "iife", target: "es2020" });
await build({ ...common, entryPoints: [join(here, "src/editor.css")], outfile: join(dist, "editor.css") });
// The ConneXML editor and live call simulator (telephony/templates/telephony/voice_app.html).
await build({ ...common, entryPoints: [join(here, "src/voice.js")], outfile: join(dist, "voice.js"),
  format: "iife", target: "es2020" });
await build({ ...common, entryPoints: [join(here, "src/voice.css")], outfile: join(dist, "voice.css") });
// The IVR menu builder's rows (telephony/templates/telephony/ivr_builder.html).
await build({ ...common, entryPoints: [join(here, "src/ivr-builder.js")],
  outfile: join(dist, "ivr-builder.js"), format: "iife", target: "es2020" });
await copyFile(join(nodeModules, "swagger-ui-dist/swagger-ui.css"), join(dist, "swagger-ui.css"));

// Pure-JS packages ScriptForge scripts may import (`import dayjs from 'esm.sh/dayjs'`):
// bundled as CommonJS bodies that the sandbox wraps in a module factory.
const vendor = join(here, "..", "scriptforge", "vendor");
await rm(vendor, { recursive: true, force: true });
await mkdir(vendor, { recursive: true });
for (const name of ["dayjs"]) {
  await build({ entryPoints: [name], bundle: true, minify: true, format: "cjs", platform: "neutral",
    outfile: join(vendor, `${name}.js`), logLevel: "warning", mainFields: ["main", "module"] });
}
console.log("static/dist built");
