// The timeline as a student meets it, in headless Chromium on the built page: the slider
// views the past without losing the future, Back and Step walk it, acting in the past
// branches visibly (and the old run comes back), links pasted into an open tab load,
// Restart and New, a shared run can be stepped from its start, and the console follows
// its newest line.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, withPage, runLine, screenshot } from "./harness.mjs";

let server;
before(async () => { server = await serve(); });
after(() => server?.stop());

const HANDSHAKE = ["A: s = socket(tcp)", "A: bind(s, 10.0.0.1:80)", "A: listen(s)", "B: c = socket(tcp)", "B: connect(c, 10.0.0.1:80)"];

const clock = (page) => page.textContent("#clock");
const endTime = (page) => page.textContent("#end-time");
const table = (page) => page.textContent(".panel.sockets");

/** Types the handshake and plays it at 10× until nothing is left to happen. */
async function handshake(page) {
  for (const line of HANDSHAKE) await runLine(page, line);
  await page.selectOption("#speed", "1000");
  await page.click("#play");
  await page.waitForSelector("#play", { timeout: 20_000 });
  await page.waitForFunction(() => !document.querySelector("#scrubber").disabled);
}

/** Drags the slider to `fraction` of its range (0..1), as an input event does. */
async function slide(page, fraction) {
  const before = await clock(page);
  await page.evaluate((f) => {
    const s = document.querySelector("#scrubber");
    s.value = String(Math.round(Number(s.max) * f));
    s.dispatchEvent(new Event("input", { bubbles: true }));
  }, fraction);
  await page.waitForFunction((t) => document.querySelector("#clock").textContent !== t, before).catch(() => {});
}

/** What a step can change on screen: the clock, the socket table, the event log. */
const shown = () => ["#clock", ".panel.sockets", "#events"].map((s) => document.querySelector(s)?.textContent).join("|");

/** Clicks `sel` and waits for the screen to change (an event at the same microsecond
 * that touches no socket and logs nothing changes none of it: then a moment's wait). */
async function click(page, sel) {
  const before = await page.evaluate(shown);
  await page.click(sel);
  await page.waitForFunction(([f, b]) => new Function(`return (${f})()`)() !== b, [shown.toString(), before], { timeout: 1_500 })
    .catch(() => {});
}

test("the slider shows the middle and the right end gives back the same socket table", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await handshake(page);
    const [endTable, end] = [await table(page), await endTime(page)];
    assert.match(endTable, /ESTABLISHED/);
    await slide(page, 0.5);
    assert.notEqual(await clock(page), "t = 0.000000s", "the middle is not the start");
    assert.notEqual(await table(page), endTable);
    assert.match(await table(page), /SYN/, "mid-handshake, B's socket is there");
    assert.equal(await endTime(page), end, "the end stays");
    await page.waitForSelector("#past-hint");
    await slide(page, 1);
    assert.equal(await table(page), endTable);
    assert.equal(await page.locator("#past-hint").count(), 0);
  });
});

test("five Backs then five Steps come back to the same moment", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await handshake(page);
    const [t0, table0, end] = [await clock(page), await table(page), await endTime(page)];
    for (let i = 0; i < 5; i++) await click(page, "#back");
    assert.notEqual(await clock(page), t0);
    assert.equal(await endTime(page), end, "Back does not shrink the run");
    for (let i = 0; i < 5; i++) await click(page, "#step");
    assert.equal(await clock(page), t0);
    assert.equal(await table(page), table0);
  });
});

test("acting in the past starts a branch, says so, and the old run comes back", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await handshake(page);
    const endTable = await table(page);
    await page.evaluate(() => document.querySelector("#back").click());
    await slide(page, 0.5);
    await runLine(page, "B: u = socket(udp)");
    await page.waitForSelector("#branch-note");
    assert.match(await page.textContent("#branch-note"), /^New branch from \d+\.\d+s: the old run is kept$/);
    assert.equal(await page.locator("#branch option").count(), 2);
    await page.selectOption("#branch", "0");
    await page.waitForFunction(() => !document.querySelector("#branch-note"));
    assert.equal(await page.inputValue("#branch"), "", "the menu shows the run being played");
    await slide(page, 1);
    await page.waitForFunction((t) => document.querySelector(".panel.sockets")?.textContent === t, endTable);
    assert.doesNotMatch(await table(page), /UDP/i);
  });
});

test("a link pasted into an open tab loads, a broken one says why, and acting drops it from the address", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await handshake(page);
    const shared = await table(page);
    await page.click("#tab-share"); // sharing is a tab of the dock
    await page.click("#share");
    const hash = new URL(await page.inputValue("#share-url")).hash;
    await page.click("#new");
    await page.waitForFunction(() => document.querySelector("#end-time").textContent === "0.000000s");
    assert.doesNotMatch(await table(page), /ESTABLISHED/);
    assert.equal(new URL(page.url()).hash, "", "New drops the link from the address");
    await page.evaluate((h) => { location.hash = h; }, hash);
    await page.waitForFunction((t) => document.querySelector(".panel.sockets")?.textContent === t, shared);
    assert.equal(new URL(page.url()).hash, hash, "an untouched link stays in the address");
    await runLine(page, "A: u = socket(udp)");
    await page.waitForFunction(() => location.hash === "");
    await page.evaluate(() => { location.hash = "v1.!!!"; });
    await page.waitForSelector("#notice");
    assert.match(await page.textContent("#notice"), /This share link could not be opened: /);
  });
});

test("Restart replays the scenario from t = 0 and New gives the two default hosts", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await handshake(page);
    await page.click("#tab-share"); // sharing is a tab of the dock
    await page.click("#share");
    const link = await page.inputValue("#share-url");
    await page.goto("about:blank");
    await page.goto(link);
    await page.waitForFunction(() => /ESTABLISHED/.test(document.querySelector(".panel.sockets")?.textContent ?? ""));
    await page.click("#restart");
    await page.waitForFunction(() => document.querySelector("#clock").textContent === "t = 0.000000s");
    assert.doesNotMatch(await table(page), /ESTABLISHED/);
    assert.match(await table(page), /LISTEN/, "the steps at t = 0 ran");
    await page.click("#play");
    await page.waitForSelector("#play", { timeout: 20_000 });
    assert.match(await table(page), /ESTABLISHED/, "the same run plays again");
    await page.click("#new");
    await page.waitForFunction(() => document.querySelectorAll("#console-lines li").length === 0);
    assert.equal(await page.locator(".host-list .host").count(), 2);
    assert.doesNotMatch(await table(page), /LISTEN|ESTABLISHED/);
  });
});

// A shared run played by frames: Back walks to its very start (0 ms, before the typed
// lines), and Step walks back to where it was shared, with the same socket table.
test("a shared run can be stepped from its start to where it was shared", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await handshake(page);
    const shared = await table(page);
    await page.click("#tab-share"); // sharing is a tab of the dock
    await page.click("#share");
    const link = await page.inputValue("#share-url");
    await page.goto("about:blank");
    await page.goto(link);
    await page.waitForFunction((t) => document.querySelector(".panel.sockets")?.textContent === t, shared);
    assert.equal(await page.isDisabled("#back"), false, "Back works on a shared run");
    let backs = 0;
    while (!(await page.isDisabled("#back")) && backs < 200) { await click(page, "#back"); backs++; }
    assert.ok(backs > 3, `only ${backs} steps back`);
    // Back is disabled: the start, before the lines typed at 0 ms.
    assert.equal(await page.isDisabled("#back"), true);
    let steps = 0;
    while ((await page.locator("#past-hint").count()) > 0 && steps < 200) { await click(page, "#step"); steps++; }
    assert.equal(steps, backs);
    assert.equal(await table(page), shared);
    assert.equal(await page.locator("#console-lines li.future").count(), 0);
  });
});

// A shared run played by frames, stepped back to its start: every typed line is "not yet"
// (Back used to stop at the first frame, after the lines, or go nowhere).
test("a shared run stepped back to its start greys the lines still to come", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await handshake(page);
    await page.click("#tab-share");
    await page.click("#share");
    const link = await page.inputValue("#share-url");
    await page.goto("about:blank");
    await page.goto(link);
    await page.waitForSelector("#back:not([disabled])");
    for (let backs = 0; !(await page.isDisabled("#back")) && backs < 200; backs++) await click(page, "#back");
    assert.ok(await page.locator("#console-lines li.future").count() > 0, "later lines are greyed");
  });
});

test("the console shows its newest line after 12 commands", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    for (let i = 0; i < 12; i++) await runLine(page, `A: u${i} = socket(udp)`);
    await page.waitForFunction(() => {
      const ol = document.querySelector("#console-lines");
      const last = ol.lastElementChild.getBoundingClientRect(), box = ol.getBoundingClientRect();
      return last.bottom <= box.bottom + 1 && last.top >= box.top;
    });
    assert.match(await page.textContent("#console-lines li:last-child"), /u11 = socket\(udp\)/);
    // Scrolled up to read, it stays put when a line comes.
    await page.evaluate(() => { document.querySelector("#console-lines").scrollTop = 0; });
    await page.evaluate(() => document.querySelector("#console-lines").dispatchEvent(new Event("scroll")));
    await runLine(page, "A: late = socket(udp)");
    assert.equal(await page.evaluate(() => document.querySelector("#console-lines").scrollTop), 0);
  });
});

test("screenshots: the past, a branch and its menu, at three widths in both languages", async () => {
  for (const lang of ["en", "ko"]) {
    for (const [w, h] of [[1280, 800], [768, 1024], [390, 844]]) {
      await withPage(async ({ page }) => {
        await page.addInitScript((l) => localStorage.setItem("sockscope.lang", l), lang);
        await page.setViewportSize({ width: w, height: h });
        await page.goto(server.url);
        await handshake(page);
        await runLine(page, "B: send(c, \"hello\")");
        await page.selectOption("#speed", "1000");
        await page.click("#play");
        await page.waitForSelector("#play", { timeout: 20_000 });
        await slide(page, 0.4);
        await runLine(page, "B: u = socket(udp)");
        await page.waitForSelector("#branch-note");
        await page.evaluate(() => document.querySelector("#back").click());
        await page.evaluate(() => document.querySelector("#back").click());
        await page.waitForSelector("#past-hint");
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `timeline-${lang}-${w}`);
      });
    }
  }
});
