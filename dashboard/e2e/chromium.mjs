// How TestOps starts Chromium for its browser tests and benchmarks: Debian's binary (CHROMIUM,
// default /usr/bin/chromium; none is ever downloaded), headless, with the background networking
// that a closed network would refuse switched off. One place, so the tests and the benchmarks
// run the same browser the same way.

/** Launch options for playwright-core's `chromium.launch`, plus any extra flags. */
export function chromiumLaunchOptions(extraArgs = []) {
  return {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  };
}
