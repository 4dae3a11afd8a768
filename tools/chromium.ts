/**
 * Launch options for Debian's Chromium under Playwright, shared by web-test-runner, the swarm
 * tests, the benchmark and the screenshot script. Why each flag: see ../shared/STACK.md.
 */
import { existsSync } from 'node:fs';

/** Playwright's own `--disable-features` list (chromiumSwitches in playwright-core 1.65). Chromium honours only the last switch, so ours must repeat it. */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];

/** Without this, host candidates become unresolvable `<uuid>.local` names and peers on one machine never connect. */
const OUR_DISABLED_FEATURES = ['WebRtcHideLocalIpsWithMdns'];

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return found;
}

export function chromiumArgs(): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--autoplay-policy=no-user-gesture-required',
    // Pages in background tabs must keep playing and sharing at full speed in swarm tests.
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
    `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...OUR_DISABLED_FEATURES].join(',')}`,
  ];
}

/** For `chromium.launch()` of playwright / playwright-core. */
export function chromiumLaunchOptions(): { executablePath: string; headless: boolean; args: string[] } {
  return { executablePath: chromiumPath(), headless: true, args: chromiumArgs() };
}
