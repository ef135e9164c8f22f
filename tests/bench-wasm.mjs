// The bulk-transfer benchmark compiled to WebAssembly, in headless Chromium, as a ratio to
// the same workload run natively (a benchmark, not a test; see BENCHMARKS.md).
//
//   node tests/bench-wasm.mjs [DIR] [LABEL] [NATIVE_OUTPUT]
//
// DIR holds index.html and pkg/ (default dist/, from `make dist`). The page calls
// `__sockscopeBenchBulk(MB, lossPpm, seed)` (web/src/bench.rs), which runs
// `sockscope_core::workload::bulk`, and times each call with performance.now(). The native
// figures come from NATIVE_OUTPUT (what `cargo bench --bench bulk` printed) or, without
// it, from running that benchmark here. Both runs must report the same packets, events and
// virtual time: the same simulation, byte for byte, on both targets.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { serve, launch, root } from "./harness.mjs";

const MB = Number(process.env.BENCH_MB ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WARMUP_MB = Number(process.env.BENCH_WARMUP_MB ?? 10);
const SEED = 7; // as core/benches/bulk.rs
const CASES = [["lossless", 0], ["1% loss", 10_000]];
const dir = process.argv[2] ?? join(root, "dist");
const label = process.argv[3] ?? "dist/ (release: core at opt-level 3, the rest \"s\")";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function nativeOutput() {
  if (process.argv[4]) return readFileSync(process.argv[4], "utf8");
  return execFileSync("cargo", ["bench", "-q", "-p", "sockscope-core", "--bench", "bulk"], {
    cwd: root,
    env: { ...process.env, BENCH_STACKS: "sockscope", BENCH_MB: String(MB), BENCH_RUNS: String(RUNS) },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

const server = await serve(dir);
const { browser, page, problems } = await launch();
const wasm = {};
try {
  await page.goto(server.url);
  // The page's own script initialises the module; once the playground has drawn its
  // hosts, the exports are ready (as in bench-page.mjs).
  await page.waitForSelector(".host-list .host");
  // One untimed run of each workload first, so that the engine's optimising tier has
  // compiled the simulator before the clock starts (with the browser pinned to one core,
  // its background compilation would otherwise land in the first timed runs).
  for (const [, loss] of CASES) {
    await page.evaluate(async ({ mb, loss, seed }) => {
      const m = await import("./pkg/sockscope_web.js");
      m.__sockscopeBenchBulk(mb, loss, seed);
    }, { mb: WARMUP_MB, loss, seed: SEED });
  }
  // V8 compiles the optimised tier in the background and a call already running keeps
  // the code it started with: give that compilation time to finish.
  await new Promise((done) => setTimeout(done, 2000));
  for (const [name, loss] of CASES) {
    const times = [];
    let report;
    for (let i = 0; i < RUNS; i++) {
      const r = await page.evaluate(async ({ mb, loss, seed }) => {
        const m = await import("./pkg/sockscope_web.js");
        const t0 = performance.now();
        const json = m.__sockscopeBenchBulk(mb, loss, seed);
        return { ms: performance.now() - t0, report: JSON.parse(json) };
      }, { mb: MB, loss, seed: SEED });
      times.push(r.ms / 1000);
      report = r.report;
    }
    wasm[name] = { seconds: median(times), report };
  }
  if (problems.length) console.log("page problems:", problems);
} finally {
  await browser.close();
  server.stop();
}

const native = nativeOutput();
console.log(`wasm in headless Chromium (${label}) against native, ${MB} MB bulk transfer, median of ${RUNS} runs`);
console.log("| workload | native s | wasm s | wasm/native | wasm payload MB/s |");
console.log("|---|---:|---:|---:|---:|");
let same = true;
for (const [name] of CASES) {
  const esc = name.replace(/[%]/g, "\\%");
  const row = native.match(new RegExp(`^\\| ${esc} \\| Sockscope \\| ([0-9.]+) \\|`, "m"));
  const note = native.match(new RegExp(`^- Sockscope ${esc}: (\\d+) packets \\((\\d+) lost\\), (\\d+) log events, (\\d+) queue steps`, "m"));
  if (!row || !note) throw new Error(`no native figure for ${name} in:\n${native}`);
  const w = wasm[name];
  const n = Number(row[1]);
  console.log(`| ${name} | ${n.toFixed(3)} | ${w.seconds.toFixed(3)} | ${(w.seconds / n).toFixed(2)} | ${(w.report.bytes / 1e6 / w.seconds).toFixed(1)} |`);
  const r = w.report;
  const [packets, lost, events, steps] = note.slice(1).map(Number);
  if (r.packets !== packets || r.lost !== lost || r.events !== events || r.steps !== steps) {
    same = false;
    console.log(`  ${name}: wasm did other work: ${JSON.stringify(r)} against native ${note[0]}`);
  }
}
console.log(same
  ? "- wasm and native ran the same simulation (packets, losses, log events and queue steps equal)"
  : "- MISMATCH between wasm and native");
if (!same) process.exitCode = 1;
