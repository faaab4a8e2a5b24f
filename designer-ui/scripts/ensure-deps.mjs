// Runs `npm ci` only when node_modules is missing or older than package.json / package-lock.json,
// so that repeated Maven builds skip a 10–20 s install. npm writes node_modules/.package-lock.json
// at the end of every successful install, which makes it the marker of "installed from this lock".
import { existsSync, statSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const marker = join(root, 'node_modules', '.package-lock.json')
const inputs = ['package.json', 'package-lock.json'].map((name) => join(root, name))

const modified = (path) => statSync(path).mtimeMs
const upToDate = existsSync(marker) && inputs.every((input) => modified(input) <= modified(marker))

if (upToDate) {
  console.log('node_modules is up to date with package-lock.json: skipping npm ci')
  process.exit(0)
}

console.log('node_modules is missing or older than package-lock.json: running npm ci')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const result = spawnSync(npm, ['ci', '--prefer-offline', '--no-audit', '--no-fund'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
if (result.error) {
  console.error(`could not run npm: ${result.error.message}`)
  process.exit(1)
}
process.exit(result.status ?? 1)
