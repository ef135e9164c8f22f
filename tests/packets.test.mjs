// The packet list as a Wireshark user looks for it, in headless Chromium on the built
// page: the display filter picks the handshake, a bad filter says what is wrong in the
// page's language, the relative/absolute toggle changes the numbers, the arrows move the
// selection, Follow TCP Stream shows the text sent (Korean as text), and the pcapng
// download is a well-formed file (tshark reads it cleanly where installed).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { serve, withPage, runLine, screenshot, screenshots } from "./harness.mjs";

let server;
before(async () => { server = await serve(); });
after(() => server?.stop());

const RUN = [
  "A: s = socket(tcp)", "A: bind(s, 10.0.0.1:80)", "A: listen(s)",
  "B: c = socket(tcp)", "B: connect(c, 10.0.0.1:80)", "B: send(c, \"hello 안녕\")",
];

/** Plays at 10× until nothing is left to happen. */
async function play(page) {
  await page.selectOption("#speed", "1000");
  await page.click("#play");
  await page.waitForFunction(() => document.querySelector("#next-event, .next-event") === null
    || !document.querySelector("#pause"), null, { timeout: 20_000 }).catch(() => {});
  await page.waitForSelector("#play", { timeout: 20_000 });
}

/** Types the run, plays it to its end, and opens the packet list. */
async function run(page, lines = RUN) {
  for (const line of lines) await runLine(page, line);
  await play(page);
  await page.click("#tab-packets");
  await page.waitForSelector("#pk-list .pk-body .pk-row");
}

/** The shown rows as [No., Info]. */
const rows = (page) => page.$$eval("#pk-list .pk-body .pk-row", (rs) =>
  rs.map((r) => [r.dataset.no, r.querySelector(".pk-info").textContent]));

async function filter(page, text) {
  await page.fill("#pk-filter", text);
  await page.waitForTimeout(50);
}

test("tcp.flags.syn==1 shows exactly the handshake's SYN and SYN-ACK", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await run(page);
    const all = await rows(page);
    assert.ok(all.length >= 5, JSON.stringify(all));
    assert.match(all[0][1], /^\d+ → 80 \[SYN\] Seq=0 Win=\d+ Len=0 MSS=1460/);
    await filter(page, "tcp.flags.syn==1");
    const syn = await rows(page);
    assert.deepEqual(syn.map((r) => r[0]), ["1", "2"]);
    assert.match(syn[1][1], /\[SYN, ACK\] Seq=0 Ack=1/);
    assert.match(await page.textContent("#pk-count"), new RegExp(`2 of ${all.length} packets`));
    await filter(page, "ip.src == 10.0.0.1 && tcp.len == 0");
    assert.ok((await rows(page)).every((r) => /^80 → /.test(r[1])));
    await filter(page, "");
    assert.equal((await rows(page)).length, all.length);
    // The arrows walk the list; the selection is the page's (the inspector's).
    await page.click("#pk-list .pk-body .pk-row[data-no='2']");
    await page.focus("#pk-list");
    await page.keyboard.press("ArrowDown");
    await page.waitForSelector("#pk-list .pk-row.selected[data-no='3']");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await page.waitForSelector("#pk-list .pk-row.selected[data-no='1']");
    await page.click("#pk-inspect");
    await page.waitForSelector("#tab-inspector[aria-selected=true]");
    assert.match(await page.textContent("#pane-inspector"), /49152|SYN/);
  });
});

test("a bad filter says what and where, in Korean when the page is Korean", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await run(page);
    const before = (await rows(page)).length;
    await filter(page, "tcp.port = 80");
    assert.match(await page.textContent("#pk-filter-error"), /^column 10: use == to compare/);
    assert.equal(await page.getAttribute("#pk-filter", "aria-invalid"), "true");
    assert.equal((await rows(page)).length, before, "the list keeps the last good filter");
    await page.click("#lang");
    await page.waitForFunction(() => document.documentElement.lang === "ko");
    const ko = await page.textContent("#pk-filter-error");
    assert.match(ko, /^10번째 글자: 비교하려면 ==를 쓰세요/);
    await filter(page, "ip.sorc == 1");
    assert.match(await page.textContent("#pk-filter-error"), /1번째 글자: 알 수 없는 필드 'ip.sorc'/);
    await filter(page, "tcp");
    assert.equal(await page.$("#pk-filter-error"), null);
    assert.match(await page.textContent("#pk-list .pk-head"), /번호.*시간.*출발지.*목적지.*프로토콜.*길이.*정보/);
  });
});

test("the relative/absolute toggle changes the sequence numbers shown", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await run(page);
    const first = async () => (await rows(page))[0][1];
    const ladder = () => page.$$eval(".lad-label", (ls) => ls.map((l) => l.textContent).join("|"));
    const log = async () => { await page.click("#tab-log"); const t = await page.textContent("#events"); await page.click("#tab-packets"); return t; };
    assert.match(await first(), /Seq=0 /);
    assert.match(await ladder(), /SYN seq=0\b/);
    assert.match(await log(), /TCP SYN seq=0 ack=0/);
    await page.click("#pk-list .pk-body .pk-row[data-no='3']");
    await page.click("#pk-inspect");
    assert.match(await page.textContent("#pane-inspector"), /1 \(relative; raw \d+\)/);
    await page.click("#tab-packets");
    await page.uncheck("#pk-relative");
    assert.doesNotMatch(await ladder(), /SYN seq=0\b/);
    assert.doesNotMatch(await log(), /TCP SYN seq=0 /);
    const abs = (await first()).match(/Seq=(\d+)/)[1];
    assert.notEqual(abs, "0");
    const third = (await rows(page))[2][1];
    assert.match(third, new RegExp(`Seq=${Number(abs) + 1} `), "the ACK after the SYN");
    await page.check("#pk-relative");
    assert.match(await first(), /Seq=0 /);
  });
});

test("Follow TCP Stream shows the text sent, Korean as text, and filters on the stream", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await run(page);
    await filter(page, "tcp.len > 0");
    await page.click("#pk-list .pk-body .pk-row");
    await page.click("#pk-follow");
    await page.waitForSelector("#pk-follow-view");
    assert.equal(await page.textContent("#pk-conv .pk-client"), "hello 안녕");
    assert.match(await page.textContent("#pk-follow-view"), /client 10\.0\.0\.2:\d+ → 10\.0\.0\.1:80: 12 bytes/);
    await screenshot(page, "packets-follow-1280x800-en");
    await page.click("#pk-follow-filter");
    assert.equal(await page.inputValue("#pk-filter"), "tcp.stream eq 0");
    assert.ok((await rows(page)).length >= 5);
  });
});

test("the pcapng download is well formed, one packet block per row", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await run(page);
    const count = (await rows(page)).length;
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#pk-pcapng")]);
    assert.match(download.suggestedFilename(), /\.pcapng$/);
    const file = readFileSync(await download.path());
    assert.equal(file.readUInt32LE(0), 0x0a0d0d0a);
    assert.equal(file.readUInt32LE(8), 0x1a2b3c4d);
    let at = 0, packets = 0;
    while (at < file.length) {
      const [kind, len] = [file.readUInt32LE(at), file.readUInt32LE(at + 4)];
      assert.equal(len % 4, 0);
      assert.equal(file.readUInt32LE(at + len - 4), len);
      if (kind === 6) packets++;
      at += len;
    }
    assert.equal(at, file.length);
    assert.equal(packets, count);
    const tshark = spawnSync("tshark", ["-r", await download.path()], { encoding: "utf8" });
    if (tshark.error) {
      console.log(`note: tshark not installed (${tshark.error.code}); its check is skipped`);
    } else {
      assert.equal(tshark.status, 0, tshark.stderr);
      assert.doesNotMatch(tshark.stdout + tshark.stderr, /Malformed/);
      assert.equal(tshark.stdout.trim().split("\n").length, count);
    }
  });
});

test("a packet dropped by hand: its retransmission is marked, in Korean too, and the pcapng says so", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await run(page, RUN.slice(0, 5));
    await runLine(page, "B: send(c, \"lost once\")");
    // The segment is row 4 (packet ids count from 0), still on the wire.
    await page.waitForSelector("#pk-list .pk-row[data-no='4']");
    const sent = 4;
    await runLine(page, `packet(${sent - 1}, drop)`);
    assert.doesNotMatch(await page.textContent("#console-lines"), /no longer on the wire/);
    await play(page);
    await filter(page, "tcp.analysis.retransmission");
    const re = await rows(page);
    assert.equal(re.length, 1, JSON.stringify(re));
    assert.match(re[0][1], /^TCP Retransmission\s*\d+ → 80 \[PSH, ACK\] Seq=1 Ack=1 .*Len=9/);
    assert.ok(await page.$("#pk-list .pk-row.pk-bad .pk-mark.pk-warn"));
    await screenshot(page, "packets-retransmission-1280x800-en");
    // The packet dropped by hand says so in the list, its reason as a tooltip.
    await filter(page, `frame.number == ${sent}`);
    assert.equal(await page.textContent("#pk-list .pk-body .pk-user"), "dropped");
    assert.equal(await page.getAttribute("#pk-list .pk-body .pk-user", "title"), "dropped: dropped by you");
    await filter(page, "");
    await screenshot(page, "packets-dropped-1280x800-en");
    await filter(page, "tcp.analysis.retransmission");
    await page.click("#lang");
    await page.waitForFunction(() => document.documentElement.lang === "ko");
    assert.equal(await page.textContent("#pk-list .pk-mark"), "재전송");
    await screenshot(page, "packets-retransmission-1280x800-ko");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#pk-pcapng")]);
    const tshark = spawnSync("tshark", ["-r", await download.path(), "-Y", "frame.comment", "-T", "fields", "-e", "frame.number", "-e", "frame.comment"], { encoding: "utf8" });
    if (tshark.error) {
      console.log("note: tshark not installed; the comment check is skipped");
    } else {
      assert.equal(tshark.stdout.trim(), `${sent}\t버려짐: 사용자가 직접 버림`);
    }
  });
});

test("screenshots of the packet list at three sizes in English and Korean", async () => {
  await withPage(async ({ page }) => {
    await page.goto(server.url);
    await run(page);
    await page.click("#pk-list .pk-body .pk-row[data-no='4']");
    for (const lang of ["en", "ko"]) {
      if (lang === "ko") {
        await page.click("#lang");
        await page.waitForFunction(() => document.documentElement.lang === "ko");
      }
      for (const [w, h] of [[1280, 800], [768, 1024], [390, 844]]) {
        await page.setViewportSize({ width: w, height: h });
        await filter(page, lang === "ko" ? "tcp.port = 80" : "tcp");
        await page.locator("#packets").scrollIntoViewIfNeeded();
        await screenshot(page, `packets-${w}x${h}-${lang}`);
        // The panel alone, at the size it is on that screen.
        await page.locator("#packets").screenshot({ path: join(screenshots, `packets-panel-${w}x${h}-${lang}.png`) });
      }
    }
    await filter(page, "");
  });
});
