// Screenshots of the screen at the three widths, in both languages (not a test: run by hand).
import { serve, launch, screenshots } from "./harness.mjs";
import { join } from "node:path";
import { mkdirSync } from "node:fs";
const server = await serve();
const { browser, page } = await launch();
mkdirSync(screenshots, { recursive: true });
const sizes = [[1280, 800], [768, 1024], [390, 844]];
const which = process.argv[2] || "";
try {
  for (const lang of ["en", "ko"]) {
    for (const [w, h] of sizes) {
      await page.setViewportSize({ width: w, height: h });
      await page.goto(`${server.url}?lang=${lang}${which}`);
      await page.waitForSelector(".net .node");
      if (process.argv[3] === "tcp") {
        await page.click("#sample-tcp");
        await page.waitForTimeout(300);
        await page.click("#step"); await page.click("#step");
        await page.waitForTimeout(300);
      }
      await page.screenshot({ path: join(screenshots, `layout-${lang}-${w}.png`) });
    }
  }
} finally { await browser.close(); server.stop(); }
