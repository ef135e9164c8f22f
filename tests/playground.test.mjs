// The built playground, served as a user gets it, in headless Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, screenshot, runLine, withPage } from "./harness.mjs";

let server;
before(async () => { server = await serve(); });
after(() => server?.stop());

const run = runLine;

const table = (page, host) => page.locator(`.socket-host[data-host=${host}]`);

test("serves wasm with the application/wasm MIME type", async () => {
  const res = await fetch(new URL("pkg/sockscope_web_bg.wasm", server.url));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/wasm");
});

test("hosts: inline validation, then a new host appears in the network", async () => {
  const { browser, page, problems } = await launch();
  try {
    await page.goto(server.url);
    await page.waitForSelector(".host-list .host", { state: "attached" }); // in the dock's Hosts tab
    assert.equal(await page.locator(".host-list .host").count(), 2);
    await page.click("#tab-hosts");
    await page.fill("#host-addr", "10.0.0.300");
    await page.waitForSelector("#host-addr-error");
    assert.match(await page.textContent("#host-addr-error"), /not an IPv4 address/);
    await page.fill("#host-addr", "10.0.0.2");
    assert.match(await page.textContent("#host-addr-error"), /already belongs to host B/);
    await page.fill("#host-addr", "10.0.0.3");
    await page.click("#spawn");
    await page.waitForFunction(() => document.querySelectorAll(".net .node").length === 3);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test("TCP lesson: drop the SYN-ACK, see the retransmission, ESTABLISHED, then TIME-WAIT and CLOSED", async () => {
  const { browser, page, problems } = await launch();
  try {
    await page.goto(server.url);
    await page.waitForSelector(".host-list .host", { state: "attached" }); // in the dock's Hosts tab
    for (const line of ["A: s = socket(tcp)", "A: bind(s, 10.0.0.1:80)", "A: listen(s)", "B: c = socket(tcp)", "B: connect(c, 10.0.0.1:80)"]) {
      await run(page, line);
    }
    await page.waitForSelector(".net .packet.pkt-syn");
    await page.click("#step"); // the SYN arrives; A answers SYN,ACK
    const synack = page.locator(".net .packet.pkt-synack");
    await synack.waitFor();
    await synack.click();
    await page.click("#pkt-drop");
    await page.waitForFunction(() => !document.querySelector(".net .packet.pkt-synack"));
    await screenshot(page, "synack-dropped");

    await page.click("#tab-sockets"); // picking the packet opened the inspector
    await page.selectOption("#speed", "1000");
    await page.click("#play");
    await page.waitForFunction(() => /retransmits/.test(document.querySelector("#events").textContent), null, { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector(".socket-host[data-host=B]").textContent.includes("ESTABLISHED"), null, { timeout: 20_000 });
    await page.waitForFunction(() => !document.querySelector("#pause")); // stops by itself when idle
    assert.match(await table(page, "A").textContent(), /ESTABLISHED/);
    assert.match(await table(page, "A").textContent(), /LISTEN/);
    await run(page, "A: t = accept(s)");
    assert.match(await page.textContent("#console-lines"), /connected to 10\.0\.0\.2:49152/);
    // The state diagram follows the connection and lights ESTABLISHED.
    await page.waitForFunction(() => document.querySelector(".state-diagram .sd-node.current")?.textContent.includes("ESTABLISHED"));
    // Data sent shows up, unread, in the receiver's row of the socket table.
    await run(page, 'B: send(c, "hello")');
    await page.click("#play");
    await page.waitForFunction(() => document.querySelector(".socket-host[data-host=A]").textContent.includes('"hello"'), null, { timeout: 20_000 });
    await page.waitForFunction(() => !document.querySelector("#pause"));
    await run(page, "A: recv(t)");
    assert.match(await page.textContent("#console-lines"), /"hello" \(5 bytes\)/);
    await screenshot(page, "established");

    await run(page, "B: close(c)");
    await run(page, "A: close(t)");
    await page.click("#play");
    await page.waitForFunction(() => document.querySelector(".socket-host[data-host=B]").textContent.includes("TIME-WAIT"), null, { timeout: 20_000 });
    await screenshot(page, "time-wait");
    await page.waitForFunction(() => !document.querySelector(".socket-host[data-host=B] table"), null, { timeout: 20_000 });
    assert.match(await page.textContent("#events"), /TIME-WAIT → CLOSED/);
    await screenshot(page, "closed");
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test("path settings: 100 % loss from A to B drops the ping, with the reason in the log", async () => {
  const { browser, page, problems } = await launch();
  try {
    await page.goto(server.url);
    await page.click("#tab-paths");
    await page.waitForSelector("#path-loss");
    await page.fill("#path-loss", "140");
    assert.match(await page.textContent("#path-error"), /outside 0 to 100/);
    assert.equal(await page.isDisabled("#path-apply"), true);
    await page.fill("#path-loss", "100");
    await page.click("#path-apply");
    await run(page, "A: ping(10.0.0.2)");
    await page.click("#play");
    await page.waitForFunction(() => /lost on the way/.test(document.querySelector("#events").textContent), null, { timeout: 20_000 });
    assert.doesNotMatch(await page.textContent("#events"), /answered a ping/);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test("language switch is remembered across visits", async () => {
  const { browser, page, problems } = await launch();
  try {
    await page.goto(server.url);
    await page.waitForSelector("#lang");
    await page.click("#lang");
    await page.waitForSelector("text=눈으로 보는 TCP/IP");
    await page.reload();
    await page.waitForSelector("text=눈으로 보는 TCP/IP");
    assert.equal(await page.getAttribute("html", "lang"), "ko");
    await screenshot(page, "korean");
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test("a panic in wasm shows a visible banner and logs to the console", async () => {
  const { browser, page, problems } = await launch();
  try {
    await page.goto(server.url);
    await page.waitForSelector(".host-list .host", { state: "attached" }); // in the dock's Hosts tab
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
