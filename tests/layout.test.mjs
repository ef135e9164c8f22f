// The one screen: what a student sees at 1280×800, on a tablet and on a phone, the first
// screen's samples and call forms, and the embed (size, language, lesson, events).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, screenshot, runLine, withPage } from "./harness.mjs";

let server;
before(async () => { server = await serve(); });
after(() => server?.stop());

/** Fails unless the element's box lies wholly inside the window. */
async function inView(page, selector, [w, h]) {
  const box = await page.locator(selector).first().boundingBox();
  assert.ok(box, `${selector} is not shown`);
  assert.ok(box.width > 20 && box.height > 10, `${selector} is ${box.width}×${box.height}`);
  const inside = box.x >= 0 && box.y >= 0 && box.x + box.width <= w + 0.5 && box.y + box.height <= h + 0.5;
  assert.ok(inside, `${selector} at ${JSON.stringify(box)} is outside ${w}×${h}`);
}

const consoleHas = (page, re) => page.waitForFunction((src) => new RegExp(src).test(document.querySelector("#console-lines").textContent), re.source);

test("1280×800: network, ladder, state and console on one screen; a packet clicked opens the inspector", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await page.waitForSelector(".net .node");
    const size = [1280, 800];
    for (const sel of [".topology .net", ".ladder .lad", "#state-strip", ".state-diagram .sd", "#console-lines", "#console-input", "#call-run"]) {
      await inView(page, sel, size);
    }
    const scroll = await page.evaluate(() => document.scrollingElement.scrollHeight - window.innerHeight);
    assert.ok(scroll <= 0, `the page scrolls by ${scroll} px`);
    for (const line of ["A: s = socket(tcp)", "A: bind(s, 10.0.0.1:80)", "A: listen(s)", "B: c = socket(tcp)", "B: connect(c, 10.0.0.1:80)"]) {
      await runLine(page, line);
    }
    assert.match(await page.textContent("#state-strip"), /SYN-SENT/);
    assert.equal(await page.isVisible("#pane-inspector"), false);
    await page.locator(".net .packet.pkt-syn").click();
    await page.waitForSelector("#pane-inspector .insp-layer");
    assert.equal(await page.getAttribute("#tab-inspector", "aria-selected"), "true");
    await inView(page, "#pane-inspector .insp-layer", size);
    assert.match(await page.textContent("#pane-inspector"), /TCP/);
    await screenshot(page, "layout-1280-inspector");
  });
});

test("768×1024: type in the console while the network is in view", async () => {
  await withPage(async ({ page }) => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(server.url);
    await page.waitForSelector(".net .node");
    for (const sel of [".topology .net", "#console-input", ".ladder .lad", "#state-strip"]) await inView(page, sel, [768, 1024]);
    await page.focus("#console-input");
    await runLine(page, "A: ping(10.0.0.2)");
    await inView(page, ".topology .net", [768, 1024]);
  });
});

test("390×844: nothing overflows sideways, hosts are big enough to touch, the socket table fits", async () => {
  await withPage(async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url);
    await page.waitForSelector(".net .node");
    for (const line of ["A: s = socket(tcp)", "A: bind(s, 10.0.0.1:80)", "A: listen(s)"]) await runLine(page, line);
    await page.click("#tab-sockets");
    await page.waitForSelector(".socket-host[data-host=A] .state");
    const wide = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(wide <= 390, `the page is ${wide} px wide`);
    for (const circle of await page.locator(".net .node circle").all()) {
      const box = await circle.boundingBox();
      assert.ok(box.width >= 40, `a host is drawn ${box.width} px wide`);
    }
    const state = await page.locator(".socket-host[data-host=A] td.state").first().boundingBox();
    assert.ok(state.x + state.width <= 390, `the State column ends at ${state.x + state.width}`);
    await screenshot(page, "layout-390");
  });
});

test("the first screen's samples run: a TCP connection, a UDP datagram, the handshake lesson", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await page.waitForSelector("#welcome");
    await page.click("#sample-tcp");
    await consoleHas(page, /B: connect\(c, 10\.0\.0\.1:80\)/);
    await page.waitForFunction(() => /ESTABLISHED/.test(document.querySelector("#state-strip").textContent), null, { timeout: 20_000 });
    assert.equal(await page.locator("#welcome").count(), 0, "the invitation goes once the console is used");

    await page.goto(server.url);
    await page.click("#sample-udp");
    await consoleHas(page, /B: sendto\(v, "hello", 10\.0\.0\.1:53\)/);
    await page.waitForFunction(() => document.querySelector(".lad-pkt.pkt-udp"), null, { timeout: 20_000 });

    await page.goto(server.url);
    await page.click("#sample-lesson");
    await page.waitForSelector("#lesson-title");
    assert.equal(await page.getAttribute("#tab-lesson", "aria-selected"), "true");
  });
});

test("a call form writes the console line and runs it", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await page.waitForSelector("#call-form");
    assert.equal(await page.textContent("#call-line"), "A: s = socket(tcp)");
    await page.click("#call-run");
    await consoleHas(page, /A: s = socket\(tcp\)\s*socket #0/);
    await page.selectOption("#call-name", "bind");
    assert.equal(await page.textContent("#call-line"), "A: bind(s, 10.0.0.1:80)");
    await page.click("#call-run");
    await page.selectOption("#call-name", "listen");
    await page.click("#call-run");
    await consoleHas(page, /A: listen\(s\)\s*ok/);
    await page.selectOption("#call-host", "B");
    await page.selectOption("#call-name", "socket");
    await page.fill("#call-var", "c");
    await page.click("#call-run");
    await page.selectOption("#call-name", "connect");
    await page.fill("#call-sock", "c");
    assert.equal(await page.textContent("#call-line"), "B: connect(c, 10.0.0.1:80)");
    await page.click("#call-run");
    await consoleHas(page, /B: connect\(c, 10\.0\.0\.1:80\)/);
    await page.waitForSelector(".net .packet.pkt-syn");
  });
});

test("embed at 760×560: network, ladder and lesson in view; the iframe in the demo too", async () => {
  await withPage(async ({ page }) => {
    await page.setViewportSize({ width: 760, height: 560 });
    await page.goto(server.url + "?embed&lesson=e-handshake");
    await page.waitForSelector(".app.embed #lesson-title");
    for (const sel of [".topology .net", ".ladder .lad", "#lesson-title", "#lesson-words", "#play"]) await inView(page, sel, [760, 560]);
    await screenshot(page, "layout-embed");
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(new URL("embed-demo.html", server.url).href);
    const frame = page.frameLocator("#frame");
    await frame.locator(".app.embed #lesson-title").waitFor();
    const outer = await page.locator("#frame").boundingBox();
    for (const sel of [".topology .net", "#lesson-title"]) {
      const box = await frame.locator(sel).boundingBox();
      assert.ok(box.y + box.height <= outer.y + outer.height && box.x + box.width <= outer.x + outer.width, `${sel} is cut by the iframe`);
    }
  });
});

test("?lang=ko gives Korean, in the page and the embed", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url + "?lang=ko");
    await page.waitForSelector("text=눈으로 보는 TCP/IP");
    assert.equal(await page.getAttribute("html", "lang"), "ko");
    assert.match(await page.textContent("#welcome"), /TCP 연결 열기/);
    await page.setViewportSize({ width: 760, height: 560 });
    await page.goto(server.url + "?embed&lang=ko&lesson=e-handshake");
    await page.waitForSelector(".app.embed #lesson-title");
    assert.match(await page.textContent("#play"), /재생/);
    // The Korean labels are wider: every control stays in the frame, each on one line.
    const boxes = await page.$$eval(".controls .buttons button", (bs) => bs.map((b) => {
      const r = b.getBoundingClientRect();
      return { id: b.id, right: r.right, height: r.height, lh: parseFloat(getComputedStyle(b).lineHeight) || 20 };
    }));
    for (const b of boxes) {
      assert.ok(b.right <= 760, `${b.id} is cut at ${b.right}`);
      assert.ok(b.height < 2 * b.lh + 12, `${b.id} wraps its label (${b.height} px)`);
    }
    await page.goto(server.url + "?lang=en");
    await page.waitForSelector("text=TCP/IP, visible");
  });
});

test("?lesson=typo says there is no such lesson and lists them, in the user's language", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url + "?lesson=typo");
    await page.waitForSelector("#notice");
    assert.match(await page.textContent("#notice"), /No lesson named 'typo'\. Lessons: a-layers, .*e-handshake/);
    await page.goto(server.url + "?lang=ko&lesson=typo");
    await page.waitForSelector("#notice");
    assert.match(await page.textContent("#notice"), /'typo'라는 레슨은 없습니다/);
  });
});

test("a mounted lesson sends a lesson-step event for step 1", async () => {
  await withPage(async ({ page }) => {
    await page.goto(new URL("embed-demo.html", server.url).href);
    await page.waitForSelector("#lab .app.embed #lesson-title");
    // A lesson opens on its introduction; step 1's words (and their event) follow Start.
    await page.click("#lab #lesson-start");
    await page.waitForFunction(() => /mounted: e-handshake step 1: /.test(document.querySelector("#events-out").textContent));
    const steps = await page.evaluate(async () => {
      const m = await import("./pkg/sockscope_web.js");
      const el = document.createElement("div");
      document.body.append(el);
      const got = [];
      const sim = m.mount(el, { lesson: "e-handshake", lang: "ko", onEvent: (e) => got.push(e) });
      await new Promise((r) => setTimeout(r, 300));
      sim.play();
      await new Promise((r) => setTimeout(r, 300));
      sim.loadLesson("b-ports");
      await new Promise((r) => setTimeout(r, 300));
      sim.play();
      await new Promise((r) => setTimeout(r, 300));
      sim.destroy();
      return got.filter((e) => e.type === "lesson-step").map((e) => `${e.lesson} ${e.step} ${/[가-힣]/.test(e.text)}`);
    });
    assert.deepEqual(steps, ["e-handshake 1 true", "b-ports 1 true"]);
  });
});
