// The built playground, served as a user gets it, in headless Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, screenshot } from "./harness.mjs";

let server;
before(async () => { server = await serve(); });
after(() => server?.stop());

test("serves wasm with the application/wasm MIME type", async () => {
  const res = await fetch(new URL("pkg/sockscope_web_bg.wasm", server.url));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/wasm");
});

test("page shows core hosts, and Ping + Step visibly advance the world", async () => {
  const { browser, page, problems } = await launch();
  try {
    await page.goto(server.url);
    await page.waitForSelector(".host-list .host");
    const hosts = await page.locator(".host-list .host").allTextContents();
    assert.equal(hosts.length, 2);
    assert.match(hosts[0], /A.*10\.0\.0\.1/);
    assert.match(hosts[1], /B.*10\.0\.0\.2/);
    assert.equal(await page.textContent("#clock"), "t = 0.000000s");

    await page.click("#ping");
    await page.waitForSelector("text=packets in flight: 1");
    await page.click("#step");
    await page.waitForFunction(() => document.querySelector("#clock").textContent !== "t = 0.000000s");
    assert.equal(await page.textContent("#clock"), "t = 0.010000s");
    await page.click("#step");
    await page.waitForSelector("text=ping reply from 10.0.0.2");
    const events = await page.locator("#events .event").count();
    assert.ok(events >= 6, `expected the log to grow, saw ${events} events`);
    await screenshot(page, "playground-after-ping");
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test("a panic in wasm shows a visible banner and logs to the console", async () => {
  const { browser, page, problems } = await launch();
  try {
    await page.goto(server.url);
    await page.waitForSelector(".host-list .host");
    await page.evaluate(async () => {
      const m = await import("./pkg/sockscope_web.js");
      try { m.__sockscopePanicForTest(); } catch { /* the trap after the hook */ }
    });
    const banner = page.locator("#panic-banner");
    await banner.waitFor();
    assert.match(await banner.textContent(), /internal error.*deliberate panic/s);
    await screenshot(page, "panic-banner");
    assert.ok(problems.some((p) => p.includes("sockscope panicked")), problems.join("\n"));
  } finally {
    await browser.close();
  }
});
