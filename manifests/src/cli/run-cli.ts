import { ConfigError } from '../config/validate.js';

/** Runs a command-line task: a config problem prints its message (no stack) and exits 1. */
export function runCli(task: () => void): void {
  try {
    task();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exitCode = 1;
  }
}
