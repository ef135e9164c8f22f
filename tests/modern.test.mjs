// Stack profiles as a student sees them: the TCB panel says which stack a host imitates,
// what the two SYNs negotiated, and which congestion control and Nagle are in force.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, runLine, withPage } from "./harness.mjs";

let server;
before(async () => { server = await serve(); });
after(() => server?.stop());

const LINES = [
  "profile(A, linux)", "profile(B, linux)",
  "A: s = socket(tcp)", "A: bind(s, 10.0.0.1:80)", "A: listen(s)",
  "B: c = socket(tcp)", "B: connect(c, 10.0.0.1:80)",
];

async function connected(page, lang) {
  await page.goto(`${server.url}?lang=${lang}`);
  await page.waitForSelector(".net .node");
  for (const line of LINES) await runLine(page, line);
  await page.selectOption("#speed", "1000");
  await page.click("#play");
  await page.waitForSelector("#play", { timeout: 20_000 });
  await page.click("#tab-tcb");
  await page.waitForSelector('[data-var="options"] dd');
  const cell = (v) => page.textContent(`[data-var="${v}"] dd`);
  return {
    profile: await cell("profile"), options: await cell("options"),
    cc: await cell("congestion-control"), nagle: await cell("nagle"),
  };
}

test("two linux hosts negotiate window scaling, SACK and timestamps, shown in the TCB panel", async () => {
  await withPage(async ({ page }) => {
    const en = await connected(page, "en");
    assert.equal(en.profile, "linux");
    assert.match(en.options, /^MSS \d+ · WS ×\d+\/×\d+ · SACK · TS/);
    assert.equal(en.cc, "CUBIC");
    assert.equal(en.nagle, "on");
  });
});

test("the rfc profile shows MSS alone and NewReno, in Korean on the Korean page", async () => {
  await withPage(async ({ page }) => {
    await page.goto(`${server.url}?lang=ko`);
    await page.waitForSelector(".net .node");
    for (const line of LINES.slice(2)) await runLine(page, line);
    await page.selectOption("#speed", "1000");
    await page.click("#play");
    await page.waitForSelector("#play", { timeout: 20_000 });
    await page.click("#tab-tcb");
    await page.waitForSelector('[data-var="options"] dd');
    assert.equal(await page.textContent('[data-var="profile"] dd'), "rfc");
    assert.match(await page.textContent('[data-var="options"] dd'), /^MSS \d+ \(MSS만\)$/);
    assert.equal(await page.textContent('[data-var="congestion-control"] dt'), "혼잡 제어");
    assert.equal(await page.textContent('[data-var="congestion-control"] dd'), "NewReno");
    assert.equal(await page.textContent('[data-var="nagle"] dd'), "끔");
  });
});

test("the host list picks a host's stack, writing profile(...) to the console", async () => {
  await withPage(async ({ page }) => {
    await page.goto(`${server.url}?lang=en`);
    await page.waitForSelector(".net .node");
    await page.click("#tab-hosts");
    for (const name of ["A", "B"]) {
      await page.selectOption(`.host[data-host="${name}"] select.host-profile`, "linux");
    }
    await page.waitForFunction(() => document.querySelector("#console-lines")?.textContent.includes("profile(B, linux)"));
    for (const line of LINES.slice(2)) await runLine(page, line);
    await page.selectOption("#speed", "1000");
    await page.click("#play");
    await page.waitForSelector("#play", { timeout: 20_000 });
    await page.click("#tab-tcb");
    await page.waitForSelector('[data-var="options"] dd');
    assert.equal(await page.textContent('[data-var="profile"] dd'), "linux");
    await page.click("#tab-hosts");
    assert.equal(await page.inputValue('.host[data-host="A"] select.host-profile'), "linux");
    // A new host takes the stack picked in the form.
    await page.selectOption("#host-profile", "freebsd");
    await page.click("#spawn");
    await page.waitForSelector('.host[data-host="C"]');
    assert.equal(await page.inputValue('.host[data-host="C"] select.host-profile'), "freebsd");
  });
});

test("sysctl(A, net.ipv4.tcp_ecn=1) negotiates ECN with a linux peer, shown in the TCB panel", async () => {
  await withPage(async ({ page }) => {
    await page.goto(`${server.url}?lang=en`);
    await page.waitForSelector(".net .node");
    await runLine(page, "sysctl(B, net.ipv4.tcp_ecn=1)");
    await page.waitForFunction(() => document.querySelector("#console-lines")?.textContent.includes("net.ipv4.tcp_ecn = 1"));
    for (const line of LINES) await runLine(page, line);
    await page.selectOption("#speed", "1000");
    await page.click("#play");
    await page.waitForSelector("#play", { timeout: 20_000 });
    await page.click("#tab-tcb");
    await page.waitForSelector('[data-var="options"] dd');
    assert.match(await page.textContent('[data-var="options"] dd'), /ECN/);
  });
});

test("the inspector says when a packet comes from a host following a profile", async () => {
  await withPage(async ({ page }) => {
    await page.goto(`${server.url}?lang=ko`);
    await page.waitForSelector(".net .node");
    for (const line of LINES) await runLine(page, line);
    await page.click("#tab-packets");
    await page.waitForSelector("#pk-list .pk-body .pk-row");
    await page.click("#pk-list .pk-body .pk-row");
    await page.click("#tab-inspector");
    await page.waitForSelector("#insp-profile");
    assert.match(await page.textContent("#insp-profile"), /linux 프로파일/);
  });
});
