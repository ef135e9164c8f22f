// Keyboard shortcuts on the built page: Space plays and pauses, the arrows step, and
// neither scrolls the page (the listener must be non-passive to cancel the browser's
// default); keys typed into a field stay the field's.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, runLine } from "./harness.mjs";

let server;
before(async () => { server = await serve(); });
after(() => server?.stop());

const scroll = (page) => page.evaluate(() => [window.scrollX, window.scrollY]);
const clock = (page) => page.textContent("#clock");
const blur = (page) => page.evaluate(() => document.activeElement?.blur());

test("Space plays and pauses, arrows step, and the page does not scroll", async () => {
  const { browser, page, problems } = await launch();
  const logged = [];
  page.on("console", (m) => logged.push(m.text()));
  try {
    // The page is one screen at 1280×800; a short window makes it scroll, and the page
    // must be taller than the window, or not scrolling would prove nothing.
    await page.setViewportSize({ width: 1280, height: 460 });
    await page.goto(server.url);
    await page.waitForSelector("#play");
    const tall = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    assert.ok(tall > 100, `page is only ${tall} px taller than the window`);
    await runLine(page, "A: ping(10.0.0.2)");
    await blur(page);
    // Typing scrolled the console into the short window; start the keys from the top.
    await page.evaluate(() => window.scrollTo(0, 0));
    assert.deepEqual(await scroll(page), [0, 0]);

    // The arrows step forward and back, one event at a time.
    const start = await clock(page);
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction((t) => document.querySelector("#clock").textContent !== t, start);
    const stepped = await clock(page);
    await page.keyboard.press("ArrowLeft");
    await page.waitForFunction((t) => document.querySelector("#clock").textContent === t, start);
    assert.notEqual(stepped, start);

    // Space plays, Space again pauses.
    await page.keyboard.press(" ");
    await page.waitForSelector("#pause");
    await page.keyboard.press(" ");
    await page.waitForSelector("#play");
    assert.deepEqual(await scroll(page), [0, 0], "Space or an arrow scrolled the page");

    // Typed into a field, Space is a space and plays nothing.
    await page.focus("#console-input");
    await page.keyboard.type("a b");
    assert.equal(await page.inputValue("#console-input"), "a b");
    assert.equal(await page.locator("#pause").count(), 0);

    const passive = logged.filter((t) => /passive event listener/i.test(t));
    assert.deepEqual(passive, [], "the browser refused a preventDefault");
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
