// Runs `npm ci` when node_modules is missing or was installed from another package-lock.json.
// The build calls it before every dashboard build, so an unchanged lock file costs nothing.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const npm = process.argv[2] ?? 'npm';
const lock = readFileSync('package-lock.json');
const digest = createHash('sha256').update(lock).digest('hex');
const marker = 'node_modules/.testops-lock-sha256';

if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === digest) {
  console.log('dashboard: node_modules matches package-lock.json');
  process.exit(0);
}
console.log('dashboard: npm ci (package-lock.json changed or node_modules missing)');
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`dashboard: npm ci failed with exit code ${result.status}`);
  process.exit(result.status ?? 1);
}
writeFileSync(marker, digest + '\n');
