// Runs one end-to-end step of the browse page in headless Chromium (Debian's /usr/bin/chromium
// driven by playwright-core) against a running `starry serve`, and exits 0 only if it passed.
//
//   node run_step.mjs <step> (steps/<step>.mjs)
//   STARRY_WEB_BASE_URL  the server, e.g. http://127.0.0.1:41234
//   STARRY_WEB_SHOTS     a folder for the step's screenshots (artifacts, not committed)
//
// Any uncaught error on the page or a failed same-origin asset load fails the step too.
import {chromium} from 'playwright-core';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const step = process.argv[2];
const base = process.env.STARRY_WEB_BASE_URL;
const shots = process.env.STARRY_WEB_SHOTS || join(tmpdir(), 'starry-web-shots');
if (!step || !base) {
  console.error('usage: STARRY_WEB_BASE_URL=http://127.0.0.1:PORT node run_step.mjs <step>');
  process.exit(2);
}
const {run} = await import(`./steps/${step}.mjs`);
mkdirSync(shots, {recursive: true});
const profile = mkdtempSync(join(tmpdir(), 'starry-chromium-'));
// A fresh, empty --user-data-dir (Playwright passes it for a persistent context).
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.STARRY_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: {width: 1280, height: 900},
});
const problems = [];
let exitCode = 1;
let shotCount = 0;
try {
  context.setDefaultTimeout(10000);
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.url().includes('/assets/') && r.status() >= 400) problems.push(`asset ${r.url()} answered ${r.status()}`);
  });
  const shot = async (name) => {
    const file = join(shots, `${step}-${String(++shotCount).padStart(2, '0')}-${name}.png`);
    await page.screenshot({path: file, fullPage: true});
    console.log(`screenshot ${file}`);
  };
  await run({page, context, base, shot, log: (m) => console.log(m),
             adminToken: process.env.STARRY_WEB_ADMIN_TOKEN});
  if (problems.length) throw new Error(problems.join('\n'));
  console.log(`step ${step}: passed`);
  exitCode = 0;
} catch (e) {
  console.error(`step ${step}: FAILED\n${e.stack || e}`);
  if (problems.length) console.error(problems.join('\n'));
} finally {
  await context.close();
  rmSync(profile, {recursive: true, force: true});
}
process.exit(exitCode);
