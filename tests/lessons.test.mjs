// Lessons, share links, files and the embed, in headless Chromium on the built page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { serve, screenshot, screenshots, runLine, withPage } from "./harness.mjs";

let server;
before(async () => { server = await serve(); });
after(() => server?.stop());

const run = runLine;

/** Presses Start and Continue (or answers a question with its first choice) until the lesson ends. */
async function walkLesson(page, { answers = [], onQuestion } = {}) {
  let asked = 0;
  // Clicks the button only if it is there now and no feedback shows: one atomic look, so a
  // Continue that turns into "close the feedback" between a look and a click is never hit.
  const press = (sel) => page.evaluate((sel) => {
    const b = document.querySelector(sel);
    if (!b || document.querySelector("#feedback")) return false;
    b.click();
    return true;
  }, sel);
  for (let i = 0; i < 400; i++) {
    const state = await page.evaluate(() => ({
      done: !!document.querySelector(".lesson .done"),
      start: !!document.querySelector("#lesson-start"),
      open: !!document.querySelector("#question .choice:not([disabled])"),
      feedback: !!document.querySelector("#feedback"),
      cont: !!document.querySelector("#lesson-continue"),
    }));
    if (state.done) return asked;
    if (state.start) {
      await press("#lesson-start");
    } else if (state.open) {
      const want = answers[asked];
      const choices = page.locator("#question .choice");
      if (want === undefined) await choices.first().click();
      else await page.locator("#question .choice", { hasText: new RegExp(`^${want}$`) }).click();
      asked++;
      // Play on (a step's words may pause the run first) until the outcome shows.
      for (let j = 0; j < 100 && !(await page.locator("#feedback").count()); j++) {
        await press("#lesson-continue");
        await page.waitForTimeout(100);
      }
      if (onQuestion) await onQuestion(asked);
      await page.click("#lesson-continue");
    } else if (state.feedback) {
      await page.click("#lesson-continue");
    } else if (state.cont) {
      await press("#lesson-continue");
      await page.waitForTimeout(50);
    } else {
      await page.waitForTimeout(100);
    }
  }
  throw new Error("the lesson did not end");
}

test("a guided lesson: pick it, read each step, predict, see the feedback, reach the end", async () => {
  await withPage(async ({ browser, page, problems }) => {
    await page.goto(server.url);
    await page.click("#tab-lesson"); // free play opens on the state diagram's tab
    await page.waitForSelector("#lesson-menu");
    // Every lesson is on the menu, titled in the page's language.
    const ids = await page.$$eval("#lesson-menu option", (os) => os.map((o) => o.value).filter(Boolean));
    // The lessons are the files lessons/<letter>-<name>.json (handshake.json is a plain
    // scenario), so a new lesson that the menu misses fails here.
    const files = readdirSync(new URL("../lessons/", import.meta.url))
      .filter((f) => /^[a-z]-[a-z0-9-]+\.json$/.test(f)).map((f) => f.slice(0, -5)).sort();
    assert.ok(files.length >= 14, files.join(","));
    assert.deepEqual([...ids].sort(), files);
    await page.selectOption("#lesson-menu", "e-handshake");
    await page.waitForSelector("#lesson-title");
    assert.match(await page.textContent("#lesson-title"), /handshake/i);
    await page.click("#lesson-start");
    await page.click("#lesson-continue");
    // The first question comes before connect(): a wrong answer gets corrected by the run.
    await page.waitForSelector("#question .choice:not([disabled])", { timeout: 30_000 });
    await page.locator("#question .choice", { hasText: /^ESTABLISHED$/ }).click();
    await page.waitForSelector("#feedback");
    assert.match(await page.textContent("#feedback"), /Not quite\.\s*What happened:\s*SYN-SENT/);
    await screenshot(page, "lesson-feedback");
    await page.click("#lesson-continue");
    // The rest, answering right: the learner's answers and the run agree.
    const asked = await walkLesson(page, {
      answers: ["1", "6"],
      onQuestion: async () => assert.match(await page.textContent("#feedback"), /Right!/),
    });
    assert.equal(asked, 2);
    assert.match(await page.textContent(".socket-host[data-host=B]"), /ESTABLISHED/);
    await screenshot(page, "lesson-done");
  });
});

test("every lesson runs to its end in the page, in Korean too", async () => {
  await withPage(async ({ browser, page, problems }) => {
    await page.goto(server.url);
    await page.click("#tab-lesson"); // free play opens on the state diagram's tab
    await page.waitForSelector("#lesson-menu");
    await page.click("#lang");
    const ids = await page.$$eval("#lesson-menu option", (os) => os.map((o) => o.value).filter(Boolean));
    for (const id of ids) {
      await page.selectOption("#lesson-menu", id);
      await page.waitForFunction(() => document.querySelector("#lesson-words")?.textContent.trim().length > 0);
      await page.selectOption("#speed", "1000");
      const words = await page.textContent("#lesson-words");
      assert.match(words, /[가-힣]/, `${id} speaks Korean: ${words}`);
      if (id === "k-congestion") await screenshot(page, "lesson-ko-start");
      await walkLesson(page);
    }
    await screenshot(page, "lesson-ko-end");
  });
});

test("share link: the run reopens in a new tab at the same moment, with the same sockets", async () => {
  await withPage(async ({ browser, page, problems }) => {
    await page.goto(server.url);
    await page.waitForSelector(".host-list .host", { state: "attached" });
    for (const line of ["A: s = socket(tcp)", "A: bind(s, 10.0.0.1:80)", "A: listen(s)", "B: c = socket(tcp)", "B: connect(c, 10.0.0.1:80)", "link(A, B, delay=30ms, loss=10%)"]) {
      await run(page, line);
    }
    for (let i = 0; i < 3; i++) await page.click("#step");
    await page.click("#tab-share"); // sharing is a tab of the dock
    await page.click("#share");
    const link = await page.inputValue("#share-url");
    assert.match(link, /#v1\.[A-Za-z0-9_-]+$/);
    assert.equal(new URL(page.url()).hash, new URL(link).hash, "the address bar carries the link");
    const clock = await page.textContent("#clock");
    const sockets = await page.textContent(".sockets");
    const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    other.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
    await other.goto(link);
    await other.waitForSelector(".host-list .host", { state: "attached" });
    assert.equal(await other.textContent("#clock"), clock);
    assert.equal(await other.textContent(".sockets"), sockets);
    await screenshot(other, "share-reopened");
  });
});

test("a broken or hostile link shows a clear message and an empty playground", async () => {
  await withPage(async ({ browser, page, problems }) => {
    for (const hash of ["#v1.AAAA", "#v1.<img src=x onerror=window.hacked=1>", "#v9.abc", "#" + "v1." + "A".repeat(70_000)]) {
      await page.goto(server.url + "?t=" + hash.length + hash);
      await page.waitForSelector("#notice");
      assert.match(await page.textContent("#notice"), /This share link could not be opened: /);
      assert.equal(await page.locator(".host-list .host").count(), 0);
      assert.equal(await page.evaluate(() => window.hacked), undefined);
      assert.equal(await page.locator(".app img").count(), 0);
      // The page still works: a host can be added.
      await page.click("#tab-hosts");
      await page.fill("#host-name", "A");
      await page.fill("#host-addr", "10.0.0.1");
      await page.click("#spawn");
      await page.waitForSelector(".host-list .host", { state: "attached" });
    }
    await screenshot(page, "broken-link");
  });
});

test("files: pcap download opens as pcap with virtual times; JSON export imports back", async () => {
  await withPage(async ({ browser, page, problems }) => {
    await page.goto(server.url + "?lesson=a-layers");
    await page.waitForSelector("#lesson-title");
    await page.selectOption("#speed", "1000");
    await walkLesson(page);
    await page.click("#tab-share"); // sharing and files are a tab of the dock
    const [pcap] = await Promise.all([page.waitForEvent("download"), page.click("#pcap")]);
    assert.equal(pcap.suggestedFilename(), "sockscope-a-layers.pcap");
    const bytes = readFileSync(await pcap.path());
    assert.equal(bytes.readUInt32LE(0), 0xa1b2c3d4, "pcap magic");
    // Lesson a shows the link layer: A and B on a cable, so the capture is Ethernet.
    assert.equal(bytes.readUInt32LE(20), 1, "LINKTYPE_ETHERNET");
    let records = 0, last = -1, at = 24;
    const types = [];
    let firstIp = -1;
    while (at < bytes.length) {
      const t = bytes.readUInt32LE(at) * 1e6 + bytes.readUInt32LE(at + 4);
      assert.ok(t >= last, "timestamps ascend");
      assert.ok(t < 60e6, "virtual time, not the wall clock");
      last = t;
      const type = bytes.readUInt16BE(at + 16 + 12);
      types.push(type);
      if (type === 0x0800 && firstIp < 0) firstIp = at + 16 + 14;
      at += 16 + bytes.readUInt32LE(at + 8);
      records++;
    }
    assert.equal(at, bytes.length);
    // ARP first (request and reply), then the handshake, the request, the reply and
    // their ACKs; the first IPv4 frame is B's SYN.
    assert.deepEqual(types.slice(0, 2), [0x0806, 0x0806], "ARP before anything else");
    assert.ok(records >= 7, `${records} frames`);
    assert.equal(bytes[firstIp] >> 4, 4, "IPv4");
    assert.equal(bytes[firstIp + 20 + 13] & 0x12, 0x02, "a bare SYN first");

    const [json] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
    const text = readFileSync(await json.path(), "utf8");
    const scenario = JSON.parse(text);
    assert.equal(scenario.lesson.id, "a-layers");
    const clock = await page.textContent("#clock");
    await page.goto(server.url);
    await page.waitForSelector(".host-list .host", { state: "attached" });
    await page.setInputFiles("#import-file", { name: "mine.json", mimeType: "application/json", buffer: Buffer.from(text) });
    await page.waitForFunction((c) => document.querySelector("#clock").textContent === c, clock);
    await page.setInputFiles("#import-file", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from("{\"version\": 1}") });
    await page.waitForSelector("#notice");
    assert.match(await page.textContent("#notice"), /bad\.json: not a valid scenario/);
  });
});

test("embed demo: mount() into a course page, control it, receive its events; the iframe posts too", async () => {
  await withPage(async ({ browser, page, problems }) => {
    await page.goto(new URL("embed-demo.html", server.url).href);
    await page.waitForSelector("#lab .app.embed #lesson-title");
    await page.frameLocator("#frame").locator(".app.embed #lesson-title").waitFor();
    await page.selectOption("#lab #speed", "1000");
    // Course-page buttons drive the mounted playground through the API.
    for (let i = 0; i < 40; i++) {
      const text = await page.textContent("#events-out");
      if (/mounted: B #\d+ SYN-SENT → ESTABLISHED/.test(text)) break;
      const q = page.locator("#lab #question .choice:not([disabled])");
      if (await q.count()) await q.first().click();
      const fb = page.locator("#lab #lesson-continue");
      if (await fb.count()) await fb.click();
      await page.click("#demo-play");
      await page.waitForTimeout(300);
    }
    const events = await page.textContent("#events-out");
    assert.match(events, /mounted: handshake|mounted: e-handshake step \d+/);
    assert.match(events, /mounted: B #\d+ SYN-SENT → ESTABLISHED/);
    // The iframe's events arrive by postMessage.
    const frame = page.frameLocator("#frame");
    for (let i = 0; i < 50; i++) {
      if (/iframe: e-handshake step \d+/.test(await page.textContent("#events-out"))) break;
      for (const sel of ["#lesson-start", "#question .choice:not([disabled])", "#lesson-continue"]) {
        const b = frame.locator(sel);
        if (await b.count()) await b.first().click();
      }
      await page.waitForTimeout(200);
    }
    assert.match(await page.textContent("#events-out"), /iframe: e-handshake step \d+/);
    await screenshot(page, "embed-demo");
    // A bad option is an Error with a message, not a crash.
    const err = await page.evaluate(async () => {
      const m = await import("./pkg/sockscope_web.js");
      try { m.mount(document.body, { lesson: "nope" }); return "mounted"; } catch (e) { return String(e.message); }
    });
    assert.match(err, /there is no lesson "nope"/);
  });
});

test("tablet: 768 px wide, nothing overflows sideways", async () => {
  await withPage(async ({ browser, page, problems }) => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(server.url + "?lesson=c-four-tuple");
    await page.waitForSelector("#lesson-title");
    const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(width <= 768, `page is ${width} px wide`);
    await screenshot(page, "tablet");
  });
});

test("panels off screen wait while playing and catch up once scrolled into view", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await page.waitForSelector(".host-list .host", { state: "attached" });
    // A long transfer with no lesson stops: it plays on until the end.
    await page.evaluate(async () => {
      const m = await import("./pkg/sockscope_web.js");
      m.loadScenario({ version: 1, seed: 3, hosts: [{ name: "A", addr: "10.0.0.1" }, { name: "B", addr: "10.0.0.2" }],
        paths: [{ from: "A", to: "B", both: true, delay_ms: 40, loss_pct: 2 }],
        steps: [{ at_ms: 0, run: "A: s = socket(tcp)" }, { at_ms: 0, run: "A: bind(s, 10.0.0.1:80)" }, { at_ms: 0, run: "A: listen(s)" },
          { at_ms: 0, run: "B: c = socket(tcp)" }, { at_ms: 0, run: "B: connect(c, 10.0.0.1:80)" }, { at_ms: 200, run: "B: send(c, 60000)" }] });
      m.play();
    });
    await page.waitForTimeout(1500);
    const top = () => page.evaluate(() => parseFloat(document.querySelector("#events .at")?.textContent ?? "0"));
    const before = await top();
    await page.waitForTimeout(1000);
    assert.equal(await top(), before, "the event log is off screen and waits");
    await page.click("#tab-log"); // the log is a tab of the dock
    await page.locator(".panel.log").scrollIntoViewIfNeeded();
    await page.waitForFunction((b) => parseFloat(document.querySelector("#events .at")?.textContent ?? "0") > b, before, { timeout: 5000 });
  });
});

test("no layout jumps: playing a lesson shifts nothing on screen (CLS under 0.05)", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url + "?lesson=g-retransmission");
    await page.waitForSelector("#lesson-title");
    await page.evaluate(() => {
      window.__cls = 0;
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          window.__cls += e.value;
          window.__shifts.push(e.sources?.map((s) => s.node?.className || s.node?.nodeName).join(","));
        }
      }).observe({ type: "layout-shift", buffered: false });
    });
    await page.selectOption("#speed", "1000");
    await walkLesson(page);
    const { cls, shifts } = await page.evaluate(() => ({ cls: window.__cls, shifts: window.__shifts }));
    assert.ok(cls < 0.05, `cumulative layout shift ${cls.toFixed(3)}: ${shifts.join(" | ")}`);
  });
});

// ---- The playground as a student meets it (issue 13): the lesson's items. ----

const lessonJson = (id) => JSON.parse(readFileSync(new URL(`../lessons/${id}.json`, import.meta.url), "utf8"));
const sayAt = (id, ms) => lessonJson(id).steps.find((s) => s.at_ms === ms && s.say).say.en;
const words = (page) => page.textContent("#lesson-words");

/** Picks `id` in the lesson menu as a browser does: no change event when it is already picked. */
async function pickLesson(page, id) {
  await page.evaluate((id) => {
    const menu = document.querySelector("#lesson-menu");
    menu.dispatchEvent(new MouseEvent("mousedown", { bubbles: true }));
    if (menu.value !== id) {
      menu.value = id;
      menu.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }, id);
}

test("lesson b opens on its intro with Start; step 1's words come after", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url + "?lesson=b-ports");
    await page.waitForSelector("#lesson-start");
    const b = lessonJson("b-ports");
    assert.equal((await words(page)).trim(), b.lesson.intro.en);
    assert.equal(await page.locator("#lesson-continue").count(), 0, "Start, not Continue");
    await page.click("#lesson-start");
    await page.waitForFunction((w) => document.querySelector("#lesson-words").textContent.trim() === w, sayAt("b-ports", 0));
    assert.match(await page.textContent(".lesson .step-count"), /1 \/ \d+/);
  });
});

test("after an answer: one Continue, the wrong pick marked ✗, the right one ✓, the words still in view", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url + "?lesson=e-handshake");
    await page.click("#lesson-start");
    await page.click("#lesson-continue");
    await page.waitForSelector("#question .choice:not([disabled])", { timeout: 30_000 });
    const marked = () => page.$$eval("#question .choice", (cs) => cs.filter((c) => /right|wrong|picked/.test(c.className) || /[✓✗]/.test(c.textContent)).length);
    assert.equal(await marked(), 0, "neutral before answering");
    await page.locator("#question .choice", { hasText: /^ESTABLISHED$/ }).click();
    await page.waitForSelector("#feedback");
    const conts = await page.$$eval(".lesson button", (bs) => bs.filter((b) => /Continue/.test(b.textContent)).length);
    assert.equal(conts, 1, "one Continue");
    const wrong = page.locator("#question .choice.wrong");
    assert.equal(await wrong.count(), 1);
    assert.match(await wrong.textContent(), /✗\s*ESTABLISHED\s*·\s*your pick/);
    const right = page.locator("#question .choice.right");
    assert.equal(await right.count(), 1);
    assert.match(await right.textContent(), /✓\s*SYN-SENT\s*·\s*right answer/);
    // The step's words stay in the panel's view with the feedback.
    const seen = await page.evaluate(() => {
      const body = document.querySelector(".lesson-body").getBoundingClientRect();
      const w = document.querySelector("#lesson-words").getBoundingClientRect();
      return w.top >= body.top - 1 && w.top + 16 <= body.bottom;
    });
    assert.ok(seen, "the words' start is visible");
    await screenshot(page, "lesson-marks");
    await page.click("#lesson-continue");
    await page.waitForFunction(() => !document.querySelector("#feedback"));
  });
});

test("lesson g: the outcome of the second question shows before the next step's words", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url + "?lesson=g-retransmission");
    await page.waitForSelector("#lesson-start");
    await page.selectOption("#speed", "1000");
    const seen = [];
    await walkLesson(page, { onQuestion: async (n) => seen.push([n, (await words(page)).trim()]) });
    assert.equal(seen.length, 2);
    assert.equal(seen[1][1], sayAt("g-retransmission", 4100), "still the words before the outcome");
    assert.equal((await words(page)).trim(), sayAt("g-retransmission", 8100), "then the next words");
  });
});

test("the end: score, Restart, Next lesson; re-picking the lesson in the menu restarts it", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url + "?lesson=a-layers");
    await page.waitForSelector("#lesson-start");
    await page.selectOption("#speed", "1000");
    const n = lessonJson("a-layers").lesson.predict.length;
    const asked = await walkLesson(page);
    assert.equal(asked, n);
    assert.match(await page.textContent("#lesson-score"), new RegExp(`Your predictions: \\d+ of ${n} right\\.`));
    await screenshot(page, "lesson-end");
    await page.locator(".panel.lesson").screenshot({ path: `${screenshots}/panel-end-en.png` });
    await page.click("#lesson-restart");
    await page.waitForSelector("#lesson-start");
    assert.equal(await page.textContent("#lesson-title"), lessonJson("a-layers").lesson.title.en);
    assert.equal(await page.locator("#lesson-end").count(), 0);
    // Into the lesson, then the menu's same entry: back to the start screen.
    await page.click("#lesson-start");
    await page.waitForSelector("#lesson-continue");
    assert.equal(await page.locator("#lesson-start").count(), 0);
    await pickLesson(page, "a-layers");
    await page.waitForSelector("#lesson-start");
    assert.equal(await page.inputValue("#lesson-menu"), "a-layers");
    await walkLesson(page);
    await page.click("#lesson-next");
    await page.waitForFunction((t) => document.querySelector("#lesson-title").textContent === t, lessonJson("b-ports").lesson.title.en);
    assert.equal(await page.inputValue("#lesson-menu"), "b-ports");
    await page.waitForSelector("#lesson-start");
  });
});

test("lesson f: the script editor inserts SO_REUSEADDR before the first bind of s2, and the rebind succeeds", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url + "?lesson=f-close-time-wait");
    await page.waitForSelector("#lesson-start");
    await page.click("#script-editor summary");
    const rows = page.locator("#script-editor .script-line");
    const runs = await rows.locator(".run").evaluateAll((is) => is.map((i) => i.value));
    const first = runs.indexOf("A: bind(s2, 10.0.0.1:80)");
    assert.ok(first > 0, runs.join(" | "));
    await rows.nth(first).locator(".insert").click();
    assert.equal(await rows.count(), runs.length + 1);
    assert.equal(await rows.nth(first).locator(".at").inputValue(), "2000", "at the time of the line after it");
    // A line the console cannot read is named next to it, in the user's language.
    await rows.nth(first).locator(".run").fill("A: reuseaddr(s2, on");
    await page.waitForSelector("#script-editor .problem");
    assert.match(await rows.nth(first).locator(".problem").textContent(), /cannot be read at column/);
    assert.ok(await page.isDisabled("#script-run"));
    await page.click("#lang");
    assert.match(await rows.nth(first).locator(".problem").textContent(), /[가-힣]/);
    await page.click("#lang");
    await rows.nth(first).locator(".run").fill("A: reuseaddr(s2, on)");
    await page.waitForFunction(() => !document.querySelector("#script-editor .problem"));
    await screenshot(page, "lesson-script-editor");
    await page.click("#script-run");
    await page.waitForSelector("#lesson-start");
    assert.equal(await rows.count(), runs.length + 1, "the edited script is the lesson now");
    await page.selectOption("#speed", "1000");
    await walkLesson(page);
    const binds = await page.$$eval("#console-lines li", (ls) => ls
      .filter((l) => l.querySelector(".in")?.textContent.includes("bind(s2, 10.0.0.1:80)"))
      .map((l) => l.querySelector(".out")?.textContent.trim()));
    assert.equal(binds[0], "ok", binds.join(" | "));
  });
});

test("screenshots: a lesson at three widths in both languages", async () => {
  for (const lang of ["en", "ko"]) {
    for (const [w, h] of [[1280, 800], [768, 1024], [390, 844]]) {
      await withPage(async ({ page }) => {
        await page.addInitScript((l) => localStorage.setItem("sockscope.lang", l), lang);
        await page.setViewportSize({ width: w, height: h });
        await page.goto(server.url + "?lesson=e-handshake");
        await page.waitForSelector("#lesson-start");
        await screenshot(page, `lesson-start-${lang}-${w}`);
        await page.locator(".panel.lesson").screenshot({ path: `${screenshots}/panel-start-${lang}-${w}.png` });
        await page.click("#lesson-start");
        await page.click("#lesson-continue");
        await page.waitForSelector("#question .choice:not([disabled])", { timeout: 30_000 });
        await page.locator("#question .choice", { hasText: /^ESTABLISHED$/ }).click();
        await page.waitForSelector("#feedback");
        const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
        assert.ok(width <= w, `page is ${width} px wide at ${w}`);
        await page.locator(".panel.lesson").screenshot({ path: `${screenshots}/panel-feedback-${lang}-${w}.png` });
        await page.click("#script-editor summary");
        await screenshot(page, `lesson-feedback-${lang}-${w}`);
        await page.locator(".panel.lesson").screenshot({ path: `${screenshots}/panel-editor-${lang}-${w}.png` });
      });
    }
  }
});
