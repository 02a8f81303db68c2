#!/usr/bin/env node
// Runs `npm ci` only when node_modules is missing or older than package-lock.json,
// so `npm start` and `npm test` work on a fresh clone without reinstalling every time.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const lock = 'package-lock.json';
const installed = 'node_modules/.package-lock.json';
const stale = !existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs;

if (stale) {
  console.log('[ensure-deps] node_modules is missing or out of date: running npm ci');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
