// Page figures in headless Chromium (a benchmark, not a test): time to the first
// interactive frame, release wasm + JS gzipped, and frame times with 20 hosts and 200
// TCP connections animating. Run: `make bench-page` (after `make dist`).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { serve, launch, root, screenshot } from "./harness.mjs";

import { scenario, routedScenario, HOSTS, CONNECTIONS, ROUTERS } from "./bench-scenario.mjs";

// BENCH_ROUTED=1: the same 20 hosts and 200 connections behind three routers.
const ROUTED = process.env.BENCH_ROUTED === "1";

const SECONDS = 4;

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const server = await serve(process.env.DIST);
const { browser, page, problems } = await launch();
try {
  const t0 = Date.now();
  await page.goto(server.url);
  // The first interactive frame: the network drawn, its hosts clickable (the host list
  // is a dock tab, hidden at first, so it cannot be what is waited for).
  await page.waitForSelector(".net .node");
  const firstFrame = Date.now() - t0;

  const json = JSON.stringify(ROUTED ? routedScenario() : scenario());
  await page.evaluate(async (json) => {
    const m = await import("./pkg/sockscope_web.js");
    m.loadScenario(json);
    m.play();
  }, json);
  // Two figures per frame. The interval between animation frames is what the eye sees,
  // but it comes in whole vsync periods (16.7 ms at 60 Hz), so it cannot show whether a
  // frame had time to spare. The work time can: from the frame's start (the rAF
  // timestamp, shared by every callback of that frame) to a message posted from the
  // callback, which runs only after the frame's script, style, layout and paint.
  const { intervals, work } = await page.evaluate((seconds) => new Promise((resolve) => {
    const intervals = [];
    const work = [];
    const channel = new MessageChannel();
    let frameStart = 0;
    channel.port1.onmessage = () => work.push(performance.now() - frameStart);
    let last = performance.now();
    const end = last + seconds * 1000;
    function frame(ts) {
      intervals.push(ts - last);
      last = ts;
      frameStart = ts;
      channel.port2.postMessage(0);
      if (ts < end) requestAnimationFrame(frame);
      else setTimeout(() => resolve({ intervals, work }), 50);
    }
    requestAnimationFrame(frame);
  }), SECONDS);
  const frames = intervals;
  const inFlight = await page.textContent("#in-flight");
  await screenshot(page, "bench-20-hosts");
  frames.sort((a, b) => a - b);
  work.sort((a, b) => a - b);

  const pkg = join(root, "dist/pkg");
  const wasm = readFileSync(join(pkg, "sockscope_web_bg.wasm"));
  const js = readFileSync(join(pkg, "sockscope_web.js"));
  const gz = gzipSync(wasm, { level: 9 }).length + gzipSync(js, { level: 9 }).length;
  console.log(`first interactive frame: ${firstFrame} ms (navigation to the network drawn)`);
  console.log(`wasm ${wasm.length} B + JS ${js.length} B; gzipped together ${gz} B (${(gz / 1024).toFixed(0)} KB)`);
  console.log(`${HOSTS} hosts${ROUTED ? ` behind ${ROUTERS} routers` : ""}, ${CONNECTIONS} connections, ${frames.length} frames in ${SECONDS} s; ${inFlight.trim()}`);
  console.log(`frame work (script+style+layout+paint): median ${pct(work, 50).toFixed(1)} ms, p95 ${pct(work, 95).toFixed(1)} ms, max ${work[work.length - 1].toFixed(1)} ms`);
  console.log(`frame interval: median ${pct(frames, 50).toFixed(1)} ms, p95 ${pct(frames, 95).toFixed(1)} ms, max ${frames[frames.length - 1].toFixed(1)} ms`);
  if (problems.length) console.log("page problems:", problems);
} finally {
  await browser.close();
  server.stop();
}
