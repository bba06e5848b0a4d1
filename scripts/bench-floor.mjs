#!/usr/bin/env node
/**
 * The floor for `npm run bench`: the least any linter must do with the same inputs — walk the
 * folders, read every file flowlint reads (.json, .xml, .osts, .zip), inflate the same archive
 * members (nested zips included), decode them as UTF-8 and `JSON.parse` the JSON ones — written
 * the fastest plain way (synchronous reads, zlib's synchronous inflate), with no checks, no model
 * and no rules. Prints one JSON line: { ms, files, bytes, jsonFiles }.
 *
 *   node scripts/bench-floor.mjs PATH...
 */
import { performance } from 'node:perf_hooks';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { TextDecoder } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';

const RELEVANT = new Set(['.json', '.xml', '.zip', '.osts']);
const SKIPPED = new Set(['node_modules', '.git']);
const decoder = new TextDecoder('utf-8');
const totals = { files: 0, bytes: 0, jsonFiles: 0 };

function walk(dir, out) {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && RELEVANT.has(extname(entry.name).toLowerCase())) out.push(path);
  }
  return out;
}

function isZip(bytes) {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

function handle(name, bytes) {
  if (isZip(bytes)) return readZip(bytes);
  totals.files++;
  totals.bytes += bytes.length;
  const text = decoder.decode(bytes);
  const ext = extname(name).toLowerCase();
  if (ext === '.json' || ext === '.osts') {
    try {
      JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      totals.jsonFiles++;
    } catch {
      // Not JSON after all: the floor does not report it.
    }
  }
  return undefined;
}

function readZip(bytes) {
  return new Promise((resolve) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zipfile) => {
      if (error) return resolve();
      const nested = [];
      zipfile.on('entry', (entry) => {
        if (entry.fileName.endsWith('/') || !RELEVANT.has(extname(entry.fileName).toLowerCase()) || (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)) {
          zipfile.readEntry();
          return;
        }
        zipfile.readLocalFileHeader(entry, { minimal: true }, (headerError, header) => {
          if (!headerError) {
            const raw = bytes.subarray(header.fileDataStart, header.fileDataStart + entry.compressedSize);
            const data = entry.compressionMethod === 0 ? raw : inflateRawSync(raw);
            if (isZip(data)) nested.push(data);
            else handle(entry.fileName, data);
          }
          zipfile.readEntry();
        });
      });
      zipfile.on('end', async () => {
        for (const inner of nested) await readZip(inner);
        resolve();
      });
      zipfile.on('error', () => resolve());
      zipfile.readEntry();
    });
  });
}

const started = performance.now();
for (const input of process.argv.slice(2)) {
  const files = statSync(input).isDirectory() ? walk(input, []) : [input];
  for (const file of files) await handle(file, readFileSync(file));
}
console.log(JSON.stringify({ ms: Math.round(performance.now() - started), ...totals }));
