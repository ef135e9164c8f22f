// The routed network as a student builds it from the console: a router drawn as a box,
// cables as lines with their rate and delay, the router's interfaces named when it is
// clicked, ARP frames as their own kind of packet, a queue that fills on a slow link,
// and a TCP connection through the router (issue 14).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, runLine, withPage } from "./harness.mjs";

let server;
before(async () => { server = await serve(); });
after(() => server?.stop());

const BUILD = [
  "spawn(C, 10.0.2.5)",
  "router(R1)",
  "cable(A, B, R1, delay=2ms)",
  "cable(R1, C, rate=1Mbps, delay=10ms, queue=5)",
  "addr(R1, eth0, 10.0.0.254/24)", "addr(R1, eth1, 10.0.2.1/24)",
  "route(A, add default via 10.0.0.254)", "route(C, add default via 10.0.2.1)",
];

async function build(page, lang) {
  await page.goto(`${server.url}?lang=${lang}`);
  await page.waitForSelector(".net .node");
  for (const line of BUILD) await runLine(page, line);
  await page.waitForSelector('.net .node.router[data-host="R1"]');
}

test("a router is drawn as a router, cables as links with their rate, in English and Korean", async () => {
  await withPage(async ({ page }) => {
    for (const [lang, word] of [["en", "router"], ["ko", "라우터"]]) {
      await build(page, lang);
      assert.equal(await page.textContent('.net .node.router[data-host="R1"] .node-addr'), word);
      assert.equal(await page.$$eval(".net .links .link", (ls) => ls.length), 2, "the switch of A, B, R1 and the cable to C");
      assert.ok(await page.$(".net .switch-box"), "three ends meet at a switch");
      assert.match(await page.textContent(".net .link-label"), /1 Mbit\/s · 10 ms|2 ms/);
      // Interfaces are named when the router is selected, not before.
      assert.equal(await page.$$eval(".net .iface-label", (ls) => ls.length), 0);
      await page.click('.net .node[data-host="R1"]');
      const labels = await page.$$eval(".net .iface-label", (ls) => ls.map((l) => l.textContent));
      assert.deepEqual(labels.sort(), ["eth0 10.0.0.254/24", "eth1 10.0.2.1/24"]);
    }
  });
});

test("a TCP connection goes through the router: ARP first, then the handshake, and the slow link's queue fills", async () => {
  await withPage(async ({ page }) => {
    await build(page, "en");
    for (const line of ["C: s = socket(tcp)", "C: bind(s, 10.0.2.5:80)", "C: listen(s)",
      "A: c = socket(tcp)", "A: connect(c, 10.0.2.5:80)"]) await runLine(page, line);
    // Before anything moves, the first frame in flight is A's ARP request.
    assert.ok(await page.$(".net .packet.pkt-arp"), "an ARP frame is drawn as ARP");
    await page.selectOption("#speed", "1000");
    await page.click("#play");
    await page.waitForSelector("#play", { timeout: 20_000 });
    await page.click("#tab-sockets");
    await page.waitForFunction(() => /ESTABLISHED/.test(document.querySelector("#pane-sockets")?.textContent ?? ""));
    // 20 KB through a 1 Mbit/s link with a queue of 5: the queue bar shows packets waiting.
    await runLine(page, "C: t = accept(s)");
    await runLine(page, "A: send(c, 20000)");
    await page.selectOption("#speed", "25");
    await page.click("#play");
    await page.waitForFunction(() => [...document.querySelectorAll(".net .queue")].some((q) => +q.dataset.waiting > 0), null, { timeout: 20_000 });
    await page.click("#pause");
    const waiting = await page.$$eval(".net .queue", (qs) => qs.map((q) => +q.dataset.waiting));
    assert.ok(Math.max(...waiting) > 0 && Math.max(...waiting) <= 5, JSON.stringify(waiting));
  });
});

test("the Network tab lists routes and ARP caches; a forwarded frame shows its Ethernet header and the hop before it", async () => {
  await withPage(async ({ page }) => {
    await page.goto(`${server.url}?lang=ko`);
    await page.waitForSelector(".net .node");
    await page.click("#tab-network");
    assert.match(await page.textContent("#net-intro"), /세그먼트/, "the default world says it has one segment");
    for (const line of BUILD) await runLine(page, line);
    for (const line of ["C: s = socket(tcp)", "C: bind(s, 10.0.2.5:80)", "C: listen(s)",
      "A: c = socket(tcp)", "A: connect(c, 10.0.2.5:80)"]) await runLine(page, line);
    await page.selectOption("#speed", "1000");
    await page.click("#play");
    await page.waitForSelector("#play", { timeout: 20_000 });
    await page.click("#tab-network");
    assert.match(await page.textContent('.net-node[data-node="R1"] pre.routes'), /10\.0\.2\.0\/24 dev eth1/);
    assert.match(await page.textContent('.net-node[data-node="A"] .arp'), /10\.0\.0\.254/, "A learned its gateway's MAC");
    assert.match(await page.textContent('.net-node[data-node="R1"] h4'), /라우팅 테이블/);
    // The SYN crossed two links: its second frame is the router's.
    await page.click("#tab-packets");
    const syns = await page.$$("#pk-list .pk-body .pk-row");
    let forwarded = null;
    for (const r of syns) {
      const info = await r.$eval(".pk-info", (e) => e.textContent);
      if (/\[SYN\]/.test(info)) forwarded = r; // the last SYN row: the forwarded frame
    }
    await forwarded.click();
    await page.click("#tab-inspector");
    await page.waitForSelector("#insp-hops");
    const changed = await page.$$eval("#insp-hops tr.changed", (rs) => rs.map((r) => r.dataset.field));
    assert.deepEqual(changed.sort(), ["Destination MAC", "Header Checksum", "Source MAC", "TTL"]);
    assert.ok(await page.$(".insp-layer.layer-link"), "the Ethernet header is a layer of its own");
    assert.match(await page.textContent(".inspector"), /Ethernet II/);
  });
});

test("the Network tab's form builds A - R1 - B, writing each console line", async () => {
  await withPage(async ({ page }) => {
    await page.goto(`${server.url}?lang=en`);
    await page.waitForSelector(".net .node");
    await page.click("#tab-network");
    const run = async (expected) => {
      assert.equal(await page.textContent("#net-line"), expected);
      await page.click("#net-run");
      await page.waitForFunction((l) => [...document.querySelectorAll("#console-lines .in")].some((e) => e.textContent.includes(l)), expected);
    };
    await page.selectOption("#net-tool", "router");
    await run("router(R1)");
    await page.waitForSelector('.net .node.router[data-host="R1"]');
    await page.selectOption("#net-tool", "cable");
    await page.selectOption("#net-node", "A");
    await page.selectOption("#net-other", "R1");
    await page.fill("#net-settings", "delay=2ms");
    await run("cable(A, R1, delay=2ms)");
    await page.selectOption("#net-node", "R1");
    await page.selectOption("#net-other", "B");
    await page.fill("#net-settings", "");
    await run("cable(R1, B)");
    assert.equal(await page.$$eval(".net .links .link", (ls) => ls.length), 2);
    await page.selectOption("#net-tool", "addr");
    await page.selectOption("#net-node", "R1");
    await page.selectOption("#net-iface", "eth1");
    await page.fill("#net-prefix", "10.0.9.1/24");
    await run("addr(R1, eth1, 10.0.9.1/24)");
    assert.match(await page.textContent('.net-node[data-node="R1"] .ifaces'), /10\.0\.9\.1\/24/);
    // A bad address is refused with the core's message, and nothing changes.
    await page.fill("#net-prefix", "10.0.9.300/24");
    await page.click("#net-run");
    await page.waitForSelector("#console-lines .out.err");
    assert.match(await page.textContent("#console-lines"), /10\.0\.9\.300/);
  });
});
