// Where a loaded page spends its time: a CPU profile of the page benchmark's workload,
// summarised by function (self time). Needs a --profiling build in $PROFILE_DIR.
import { serve, launch } from "./harness.mjs";
const dir = process.env.PROFILE_DIR;
const server = await serve(dir);
const { browser, page } = await launch();
const { scenario } = await import("./bench-scenario.mjs");
await page.goto(server.url);
await page.waitForSelector(".host-list .host");
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
await page.evaluate(async (json) => { const m = await import("./pkg/sockscope_web.js"); m.loadScenario(json); m.play(); }, JSON.stringify(scenario()));
await cdp.send("Profiler.start");
await page.waitForTimeout(4000);
const { profile } = await cdp.send("Profiler.stop");
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas;
profile.samples.forEach((id, i) => { const n = byId.get(id); const k = n.callFrame.functionName || "(anon) " + n.callFrame.url.split("/").pop(); self.set(k, (self.get(k) || 0) + (dt[i] || 0)); });
const total = [...self.values()].reduce((a, b) => a + b, 0);
[...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40).forEach(([k, v]) => console.log(`${(100 * v / total).toFixed(1).padStart(5)}%  ${k.slice(0, 140)}`));
await browser.close(); server.stop();
