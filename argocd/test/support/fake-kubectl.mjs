#!/usr/bin/env node
// A stand-in for kubectl in the tests of argocd/scripts/. The "cluster" is one JSON file per
// Secret under $FAKE_CLUSTER_DIR/<namespace>/secret-<name>.json, and every call's argv is logged
// to $FAKE_CLUSTER_DIR/calls (one JSON array a line), so a test can prove what reached a command
// line. It does what the API server would, for the few verbs the scripts use:
//   get secret      NotFound when missing; -o go-template rendered by Go's own text/template;
//   create secret   rendered by the real kubectl (--dry-run=client, no server); AlreadyExists;
//   patch secret    a JSON merge patch (--patch-file or --patch), then stringData folded into data;
//   label secret    adds the label.
// Anything else (`apply` included) fails.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as renderGoTemplate } from '@evertdespiegeleer/go-template';

const state = process.env.FAKE_CLUSTER_DIR;
const realKubectl = process.env.REAL_KUBECTL;
if (!state || !realKubectl) throw new Error('FAKE_CLUSTER_DIR and REAL_KUBECTL must be set');
const args = process.argv.slice(2);
appendFileSync(join(state, 'calls'), `${JSON.stringify(args)}\n`);

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** The value of `--flag value` or `--flag=value`. */
function flag(name) {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(name.length + 1) : args[i + 1];
}

const [verb, kind] = args;
if (kind !== 'secret') fail(`fake kubectl: unexpected command ${args.join(' ')}`);
const name = verb === 'create' ? args[3] : args[2];
const namespace = flag('--namespace') ?? 'default';
const file = join(state, namespace, `secret-${name}.json`);
const stored = () => JSON.parse(readFileSync(file, 'utf8'));
const notFound = () => fail(`Error from server (NotFound): secrets "${name}" not found`);

switch (verb) {
  case 'get': {
    if (!existsSync(file)) notFound();
    const output = flag('--output') ?? flag('-o') ?? '';
    if (!output.startsWith('go-template=')) fail(`fake kubectl: unsupported output ${output}`);
    process.stdout.write(await renderGoTemplate(output.slice('go-template='.length), stored()));
    break;
  }
  case 'create': {
    if (existsSync(file))
      fail(`Error from server (AlreadyExists): secrets "${name}" already exists`);
    const rendered = execFileSync(
      realKubectl,
      ['--kubeconfig=/dev/null', ...args, '--dry-run=client', '-o', 'json'],
      { encoding: 'utf8' },
    );
    mkdirSync(join(state, namespace), { recursive: true });
    writeFileSync(file, rendered);
    break;
  }
  case 'patch': {
    if (!existsSync(file)) notFound();
    if (flag('--type') !== 'merge') fail('fake kubectl: only --type merge is modelled');
    const patchFile = flag('--patch-file');
    const patch = JSON.parse(
      patchFile === undefined
        ? (flag('--patch') ?? flag('-p') ?? '')
        : readFileSync(patchFile, 'utf8'),
    );
    const secret = stored();
    // JSON merge patch of the two maps a Secret patch touches, then what the API server does
    // with stringData: encode it into data and drop it.
    for (const field of ['data', 'stringData']) {
      if (patch[field]) secret[field] = { ...(secret[field] ?? {}), ...patch[field] };
    }
    for (const [key, value] of Object.entries(secret.stringData ?? {})) {
      secret.data = { ...(secret.data ?? {}), [key]: Buffer.from(value).toString('base64') };
    }
    delete secret.stringData;
    writeFileSync(file, JSON.stringify(secret));
    break;
  }
  case 'label': {
    if (!existsSync(file)) notFound();
    const secret = stored();
    for (const pair of args.slice(3).filter((a) => !a.startsWith('--') && a.includes('='))) {
      const [key, value] = pair.split('=');
      secret.metadata.labels = { ...(secret.metadata.labels ?? {}), [key]: value };
    }
    writeFileSync(file, JSON.stringify(secret));
    break;
  }
  default:
    fail(`fake kubectl: unexpected command ${args.join(' ')}`);
}
// The Go runtime of the template engine keeps the event loop alive: leave explicitly.
process.exit(0);
