// The network picture as a student meets it: packets reached by keyboard, hosts placed
// apart and selectable, a burst of segments spread out, long names refused and
// shortened, the shared segment drawn as one, and a host's removal asked first.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { serve, screenshot, screenshots, runLine, withPage } from "./harness.mjs";

mkdirSync(screenshots, { recursive: true });

let server;
before(async () => { server = await serve(); });
after(() => server?.stop());

/** Opens free play (two hosts) and waits for the picture. */
async function open(page, query = "") {
  await page.goto(server.url + query);
  await page.waitForSelector(".net .node");
}

/** The view-unit centre of each drawn packet, from its transform, by packet id. */
function packetSpots(page, selector = ".net .packet") {
  return page.$$eval(selector, (gs) => gs.map((g) => {
    const m = g.getAttribute("transform").match(/translate\(([-\d.]+),([-\d.]+)\)/);
    return { id: Number(g.dataset.packet), x: Number(m[1]), y: Number(m[2]) };
  }));
}

/** Each host's on-screen box (its circle, name and address), by name. */
function hostBoxes(page) {
  return page.$$eval(".net .node", (gs) => gs.map((g) => {
    const r = g.getBoundingClientRect();
    return { name: g.dataset.host, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  }));
}

/** Where a host is drawn, in view units. */
async function hostAt(page, name) {
  const t = await page.getAttribute(`.net .node[data-host="${name}"]`, "transform");
  const m = t.match(/translate\(([-\d.]+),([-\d.]+)\)/);
  return { x: Number(m[1]), y: Number(m[2]) };
}

const playing = (page) => page.$("#pause").then((b) => b !== null);

test("Tab reaches a packet; Enter opens its menu, arrows move in it, Escape closes it", async () => {
  await withPage(async ({ page }) => {
    await open(page);
    await runLine(page, "A: ping(10.0.0.2)");
    await page.waitForSelector(".net .packet");
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.dataset?.packet !== undefined);
    }
    assert.ok(reached, "Tab never reached the packet");
    // The focus ring shows.
    const ring = await page.$eval(".net .packet:focus .ring", (r) => getComputedStyle(r).stroke);
    assert.notEqual(ring, "none");
    assert.notEqual(ring, "rgba(0, 0, 0, 0)");
    assert.match(await page.$eval(".net .packet:focus", (g) => g.getAttribute("aria-label")), /packet #\d+, ICMP echo, from A to B/);

    await page.keyboard.press("Enter");
    await page.waitForSelector("#packet-menu");
    const active = () => page.evaluate(() => document.activeElement?.id);
    assert.equal(await active(), "pkt-drop");
    await page.keyboard.press("ArrowRight");
    assert.equal(await active(), "pkt-hold");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    assert.equal(await active(), "pkt-delay", "the arrows wrap around");
    await page.keyboard.press("Home");
    assert.equal(await active(), "pkt-drop");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.querySelector("#packet-menu"));
    assert.ok(await page.evaluate(() => document.activeElement?.dataset?.packet !== undefined), "the focus goes back to the packet");

    // Space opens it too, and does not also start the clock.
    await page.keyboard.press(" ");
    await page.waitForSelector("#packet-menu");
    assert.equal(await active(), "pkt-drop");
    assert.equal(await playing(page), false);
    // The menu works from the keyboard: Enter on Hold holds the packet.
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".net .packet.held");

    // The spoken labels follow the language.
    await page.click("#lang");
    await page.waitForFunction(() => /패킷 #\d+/.test(document.querySelector(".net .packet").getAttribute("aria-label")));
    assert.equal(await page.getAttribute("#packet-menu", "aria-label"), "패킷 조작");
  });
});

test("five hosts spawned by the console and the form do not overlap; a hint says they can be dragged", async () => {
  await withPage(async ({ page }) => {
    await open(page);
    assert.match(await page.textContent("#drag-hint"), /Drag hosts to arrange them/);
    await runLine(page, "spawn(C, 10.0.0.3)");
    await runLine(page, "spawn(D, 10.0.0.4)");
    await page.click("#tab-hosts");
    await page.fill("#host-name", "E");
    await page.fill("#host-addr", "10.0.0.5");
    await page.click("#spawn");
    await page.waitForFunction(() => document.querySelectorAll(".net .node").length === 5);
    const boxes = await hostBoxes(page);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
        assert.ok(apart, `${a.name} and ${b.name} overlap: ${JSON.stringify([a, b])}`);
      }
    }
    assert.equal(await page.$eval(".net .node", (g) => getComputedStyle(g).cursor), "grab");

    // Dragging a host moves it (and only it), and retires the hint for good.
    const before = await hostAt(page, "C");
    const c = await page.$eval('.net .node[data-host="C"] circle', (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.move(c.x, c.y);
    await page.mouse.down();
    await page.mouse.move(c.x + 40, c.y + 30, { steps: 5 });
    await page.mouse.move(c.x + 80, c.y + 60, { steps: 5 });
    await page.mouse.up();
    const after = await hostAt(page, "C");
    assert.ok(after.x > before.x + 50 && after.y > before.y + 30, `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    assert.equal(await page.$("#drag-hint"), null);
    await page.reload();
    await page.waitForSelector(".net .node");
    assert.equal(await page.$("#drag-hint"), null, "the hint is shown once");
  });
});

test("the hint is in Korean too, and can be closed", async () => {
  await withPage(async ({ page }) => {
    await open(page);
    await page.click("#lang");
    assert.match(await page.textContent("#drag-hint"), /호스트를 끌어서/);
    await page.click("#drag-hint button");
    assert.equal(await page.$("#drag-hint"), null);
  });
});

/** Free play with four hosts and ten data segments B sent at one instant, paused. */
async function burst(page) {
  await open(page);
  await runLine(page, "spawn(C, 10.0.0.3)");
  await runLine(page, "spawn(D, 10.0.0.4)");
  for (const line of ["A: s = socket(tcp)", "A: bind(s, 10.0.0.1:80)", "A: listen(s)", "B: c = socket(tcp)", "B: connect(c, 10.0.0.1:80)"]) {
    await runLine(page, line);
  }
  await page.selectOption("#speed", "1000");
  await page.click("#play");
  await page.waitForFunction(() => document.querySelector(".socket-host[data-host=B]")?.textContent.includes("ESTABLISHED"), null, { timeout: 20_000 });
  await page.waitForFunction(() => !document.querySelector("#pause"), null, { timeout: 20_000 });
  for (let i = 0; i < 10; i++) await runLine(page, `B: send(c, "segment ${i}")`);
  await page.waitForFunction(() => document.querySelectorAll(".net .packet.pkt-data").length === 10);
}

test("ten segments sent at once are drawn as ten distinct packets, in send order", async () => {
  await withPage(async ({ page }) => {
    await burst(page);
    const spots = (await packetSpots(page, ".net .packet.pkt-data")).sort((a, b) => a.id - b.id);
    assert.equal(spots.length, 10);
    for (let i = 0; i < spots.length; i++) {
      for (let j = i + 1; j < spots.length; j++) {
        const d = Math.hypot(spots[i].x - spots[j].x, spots[i].y - spots[j].y);
        assert.ok(d >= 20, `packets #${spots[i].id} and #${spots[j].id} are ${d.toFixed(1)} apart`);
      }
    }
    // B is on the left, A on the right: the first sent is furthest right, ahead.
    for (let i = 1; i < spots.length; i++) assert.ok(spots[i - 1].x > spots[i].x, JSON.stringify(spots));
    // Each one can still be clicked: its own menu opens.
    await page.click(`.net .packet[data-packet="${spots[4].id}"]`);
    assert.match(await page.textContent("#packet-menu .what"), new RegExp(`#${spots[4].id} B → A`));
  });
});

test("screenshots: several hosts and a window of segments in flight, three sizes, English and Korean", async () => {
  await withPage(async ({ page }) => {
    await burst(page);
    // On the way: move the clock a little so the window is mid-route.
    await page.click("#step");
    for (const lang of ["en", "ko"]) {
      if (lang === "ko") await page.click("#lang");
      for (const [w, h] of [[1280, 800], [768, 1024], [390, 844]]) {
        await page.setViewportSize({ width: w, height: h });
        await page.locator(".panel.topology").scrollIntoViewIfNeeded();
        const path = await screenshot(page, `topology-${lang}-${w}x${h}`);
        await page.locator(".panel.topology").screenshot({ path: path.replace(".png", "-panel.png") });
      }
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});

test("a 40-character name is refused with the limit, in the form and the console; a long one is shortened in its circle", async () => {
  await withPage(async ({ page }) => {
    await open(page);
    const forty = "abcdefghij".repeat(4);
    await page.click("#tab-hosts");
    await page.fill("#host-name", forty);
    assert.equal(await page.inputValue("#host-name"), forty, "the name is not cut short");
    await page.waitForSelector("#host-name-error");
    assert.match(await page.textContent("#host-name-error"), /1 to 32/);
    assert.match(await page.textContent("#host-name-limit"), /1 to 32/);
    await page.click("#spawn");
    assert.equal(await page.locator(".net .node").count(), 2);
    await runLine(page, `spawn(${forty}, 10.0.0.9)`);
    const out = await page.textContent("#console-lines");
    assert.match(out, /not a usable host name: use 1 to 32/);
    assert.equal(await page.locator(".net .node").count(), 2);

    const long = "web-server-in-the-back-office-32";
    assert.equal(long.length, 32);
    await runLine(page, `spawn(${long}, 10.0.0.9)`);
    const node = page.locator(`.net .node[data-host="${long}"]`);
    await node.waitFor();
    assert.equal(await node.locator(".node-name").textContent(), "web-s…");
    assert.match(await node.locator("title").textContent(), new RegExp(long));
    assert.match(await node.getAttribute("aria-label"), new RegExp(`host ${long}, 10.0.0.9`));
    // The label stays inside its circle.
    const [label, circle] = await Promise.all([
      node.locator(".node-name").boundingBox(),
      node.locator("circle:not(.ring)").boundingBox(),
    ]);
    assert.ok(label.x >= circle.x && label.x + label.width <= circle.x + circle.width, JSON.stringify({ label, circle }));
    await page.locator(".panel.hosts").screenshot({ path: `${screenshots}/topology-long-name-hosts.png` });
    await page.locator(".panel.topology").screenshot({ path: `${screenshots}/topology-long-name.png` });
  });
});

test("the shared segment is drawn as one switch with a wire per host, and packets pass through it", async () => {
  await withPage(async ({ page }) => {
    await open(page);
    await page.waitForSelector("#segment");
    assert.equal(await page.locator(".net .wire").count(), 2);
    assert.equal(await page.locator(".net .link").count(), 0, "no full mesh");
    await runLine(page, "spawn(C, 10.0.0.3)");
    await runLine(page, "spawn(D, 10.0.0.4)");
    await page.waitForFunction(() => document.querySelectorAll(".net .wire").length === 4);
    assert.match(await page.getAttribute("#segment", "aria-label"), /one shared segment/);
    // C and B are both on the left: a ping between them still goes by the switch, to
    // the right of both.
    const [c, b] = [await hostAt(page, "C"), await hostAt(page, "B")];
    const hub = await page.$eval("#segment", (g) => Number(g.getAttribute("transform").match(/translate\(([-\d.]+)/)[1]));
    assert.ok(hub > Math.max(c.x, b.x) + 100, `switch at x=${hub}`);
    await runLine(page, "C: ping(10.0.0.2)");
    await page.selectOption("#speed", "10");
    await page.click("#play");
    let furthest = 0;
    for (let i = 0; i < 200 && await page.$(".net .packet.pkt-icmp"); i++) {
      const spots = await packetSpots(page, ".net .packet.pkt-icmp");
      for (const s of spots) furthest = Math.max(furthest, s.x);
      await page.waitForTimeout(20);
    }
    assert.ok(furthest > hub - 40, `the ping went no further right than x=${furthest}`);
    await page.click("#lang");
    assert.equal(await page.getAttribute("#segment", "aria-label"), "공유 세그먼트 하나");
  });
});

test("removing a host asks first, in the page; Cancel keeps it", async () => {
  await withPage(async ({ page }) => {
    await open(page);
    await page.click("#tab-hosts");
    await page.click('.host[data-host="B"] .remove-host');
    await page.waitForSelector("#confirm-remove");
    assert.match(await page.textContent("#confirm-remove"), /Remove B and its sockets\?/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "confirm-remove-no");
    await page.click("#confirm-remove-no");
    assert.equal(await page.$("#confirm-remove"), null);
    assert.equal(await page.locator(".net .node").count(), 2);

    await page.click("#lang");
    await page.click('.host[data-host="B"] .remove-host');
    assert.match(await page.textContent("#confirm-remove"), /B 호스트와 그 소켓을 모두 제거할까요\?/);
    await page.locator(".panel.hosts").screenshot({ path: `${screenshots}/topology-confirm-remove-ko.png` });
    await page.keyboard.press("Escape");
    assert.equal(await page.$("#confirm-remove"), null);
    await page.click('.host[data-host="B"] .remove-host');
    await page.click("#confirm-remove-yes");
    await page.waitForFunction(() => document.querySelectorAll(".net .node").length === 1);
    assert.equal(await page.locator(".host-list .host").count(), 1);
  });
});

test("clicking a host shows its sockets alone; Show all brings back the others", async () => {
  await withPage(async ({ page }) => {
    await open(page);
    await runLine(page, "A: s = socket(tcp)");
    await runLine(page, "B: u = socket(udp)");
    await page.waitForFunction(() => document.querySelectorAll(".socket-host").length === 2);
    await page.click('.net .node[data-host="A"] circle:not(.ring)');
    await page.waitForFunction(() => document.querySelectorAll(".socket-host").length === 1);
    assert.equal(await page.getAttribute(".socket-host", "data-host"), "A");
    assert.match(await page.textContent("#only-host"), /Only A's sockets/);
    assert.equal(await page.getAttribute('.net .node[data-host="A"]', "aria-pressed"), "true");
    await screenshot(page, "topology-host-selected");
    await page.click("#show-all-hosts");
    await page.waitForFunction(() => document.querySelectorAll(".socket-host").length === 2);
    // From the keyboard: Enter on a host selects it.
    await page.focus('.net .node[data-host="B"]');
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelectorAll(".socket-host").length === 1);
    assert.equal(await page.getAttribute(".socket-host", "data-host"), "B");
    assert.equal(await playing(page), false);
  });
});

test("free play and the lessons place A and B alike: the client B on the left, the server A on the right", async () => {
  await withPage(async ({ page }) => {
    await open(page);
    const [a, b] = [await hostAt(page, "A"), await hostAt(page, "B")];
    assert.ok(b.x < a.x, `free play: A ${JSON.stringify(a)}, B ${JSON.stringify(b)}`);
    await open(page, "?lesson=e-handshake");
    const [la, lb] = [await hostAt(page, "A"), await hostAt(page, "B")];
    assert.deepEqual([la, lb], [{ x: 800, y: 300 }, { x: 200, y: 300 }], "a lesson's own places are kept");
    assert.deepEqual([a, b], [la, lb], "the same places in both");
  });
});

test("the ladder puts each host on the side the network picture draws it", async () => {
  await withPage(async ({ page }) => {
    await open(page);
    for (const line of ["A: s = socket(tcp)", "A: bind(s, 10.0.0.1:80)", "A: listen(s)",
      "B: c = socket(tcp)", "B: connect(c, 10.0.0.1:80)"]) await runLine(page, line);
    await page.click("#step");
    await page.waitForSelector(".lad-host-name");
    const boxes = await hostBoxes(page);
    const lanes = await page.$$eval(".lad-host-name", (ts) => ts.map((t) => t.textContent));
    const inPicture = boxes.sort((a, b) => a.left - b.left).map((b) => b.name);
    assert.deepEqual(lanes, inPicture, "same order, left to right");
    assert.deepEqual(lanes, ["B", "A"], "the client on the left, as the lessons draw it");
  });
});

test("at 1280×800 the network picture fills its panel's width, hosts drawn large", async () => {
  await withPage(async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await open(page);
    const { svg, wrap } = await page.evaluate(() => ({
      svg: document.querySelector(".topology .net").getBoundingClientRect().width,
      wrap: document.querySelector(".topology .net-wrap").getBoundingClientRect().width,
    }));
    assert.ok(svg >= 0.95 * wrap, `picture ${svg} px of ${wrap} px`);
    const circle = await page.$eval('.net .node[data-host="A"] circle:not(.ring)', (c) => c.getBoundingClientRect().width);
    assert.ok(circle >= 30, `a host is ${circle} px across`);
    // The view is the band around the hosts, not the whole 1000 × 600 field.
    const before = await page.getAttribute(".topology .net", "viewBox");
    assert.notEqual(before, "0 0 1000 600");
  });
});
