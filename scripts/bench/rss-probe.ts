/**
 * Preloaded with `node --import` when /usr/bin/time is absent: on exit, appends this process's peak RSS (KiB)
 * to BENCH_RSS_FILE. Every Node process of the command (npm, then db:check) adds its own line.
 */
import { appendFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));
