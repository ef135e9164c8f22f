// Shared end-to-end plumbing: serve dist/ on a free loopback port, launch Debian's
// Chromium through playwright-core, and collect every console error and uncaught
// exception so a test can fail on them.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, "..");
export const screenshots = join(here, "screenshots");

export const CHROME_ARGS = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--no-first-run", "--disable-quic",
];

/** Starts scripts/serve.py on port 0 and resolves with its URL and a stop function. */
export function serve(dir = join(root, "dist")) {
  return new Promise((resolve, reject) => {
    const child = spawn("python3", [join(root, "scripts/serve.py"), dir, "--port", "0"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const timer = setTimeout(() => reject(new Error("server did not start in 10 s")), 10_000);
    child.stdout.setEncoding("utf8");
    child.stdout.once("data", (line) => {
      clearTimeout(timer);
      const url = line.match(/http:\/\/\S+/)?.[0];
      if (!url) return reject(new Error(`unexpected server output: ${line}`));
      resolve({ url, stop: () => child.kill() });
    });
    child.once("error", reject);
  });
}

/** Launches Chromium; `problems` collects console errors and page errors. */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME || "/usr/bin/chromium",
    args: CHROME_ARGS,
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
  return { browser, page, problems };
}

export async function screenshot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  const path = join(screenshots, `${name}.png`);
  // Panels off screen skip rendering (content-visibility: auto); a full-page picture
  // needs them all drawn.
  await page.addStyleTag({ content: ".panel { content-visibility: visible !important; }" });
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Types a line into the page's console and waits until the console shows it. */
export async function runLine(page, line) {
  await page.fill("#console-input", line);
  await page.press("#console-input", "Enter");
  await page.waitForFunction((l) => [...document.querySelectorAll("#console-lines .in")].some((e) => e.textContent.includes(l)), line);
}

/** Runs `body` with a fresh browser page, then fails on any console error or exception. */
export async function withPage(body) {
  const { browser, page, problems } = await launch();
  try {
    await body({ browser, page, problems });
    if (problems.length) throw new Error(`page problems: ${problems.join("; ")}`);
  } finally {
    await browser.close();
  }
}
