// Web throughput: requests per second and latency of the top page, a measure page and /api/v1/summary at 50
// concurrent connections, each against the same server answering a fixed pre-rendered body of the same size.
//   npm run bench:web [-- --duration 10] [-- --write-docs]
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { createApp } from '../src/http/app.tsx';
import { SiteData } from '../src/http/site-data.ts';
import { BUNDLED_DATASET, readDataset } from '../src/io/dataset/read-dataset.ts';
import { replaceSection } from './docs-section.ts';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, 'write-docs': { type: 'boolean', default: false } },
});
const duration = Number(values.duration);
const CONNECTIONS = 50;
const TARGETS = [
  { name: 'トップページ', path: '/' },
  { name: '施策ページ', path: '/measures/ai-iot-industry' },
  { name: '/api/v1/summary', path: '/api/v1/summary' },
] as const;

const loaded = await readDataset(BUNDLED_DATASET);
if (!loaded.ok) throw new Error('bundled dataset invalid');
const app = createApp(new SiteData(loaded.value));

// The baseline: the same server process answering each page's body, rendered once, as a fixed response.
const bench = new Hono();
const fixed = new Map<string, { body: string; type: string }>();
for (const target of TARGETS) {
  const response = await app.request(target.path);
  if (response.status !== 200) throw new Error(`${target.path} answered ${response.status}`);
  fixed.set(target.path, {
    body: await response.text(),
    type: response.headers.get('content-type') ?? 'text/html',
  });
}
bench.get('/__fixed/*', (c) => {
  const hit = fixed.get(c.req.path.slice('/__fixed'.length) || '/');
  return hit ? c.body(hit.body, 200, { 'Content-Type': hit.type }) : c.notFound();
});
bench.route('/', app);

const server = serve({ fetch: bench.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => server.once('listening', resolve));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const base = `http://127.0.0.1:${port}`;

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
}

async function measure(url: string): Promise<Measured> {
  // A short warm-up, then the measured run.
  await autocannon({ url, connections: CONNECTIONS, duration: 2 });
  const r = await autocannon({ url, connections: CONNECTIONS, duration });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bytes: r.throughput.average / r.requests.average,
  };
}

const rows: string[] = [];
const loadStart = loadavg();
for (const target of TARGETS) {
  const dynamic = await measure(base + target.path);
  const staticRun = await measure(`${base}/__fixed${target.path}`);
  const ratio = dynamic.rps / staticRun.rps;
  const line = `| ${target.name} (\`${target.path}\`) | ${Math.round(dynamic.rps).toLocaleString('en-US')} | ${dynamic.p50} / ${dynamic.p99} ms | ${Math.round(staticRun.rps).toLocaleString('en-US')} | ${staticRun.p50} / ${staticRun.p99} ms | **${ratio.toFixed(2)}** | ${Math.round(dynamic.bytes).toLocaleString('en-US')} B |`;
  rows.push(line);
  process.stderr.write(`${line}\n`);
}
const loadEnd = loadavg();
server.close();

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const section = [
  `Latest run: ${new Date().toUTCString()}, \`npm run bench:web -- --write-docs\` (${duration} s per run after a 2 s warm-up, ${CONNECTIONS} connections, autocannon in the same process as the server).`,
  '',
  `- Machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB memory, Node ${process.version}.`,
  `- Load: 1-minute load average ${loadStart[0]?.toFixed(2)} at start, ${loadEnd[0]?.toFixed(2)} at end.`,
  '',
  '| route | dynamic req/s | p50 / p99 | fixed-body req/s | p50 / p99 | dynamic / fixed | body |',
  '|---|---:|---|---:|---|---:|---:|',
  ...rows,
].join('\n');
process.stdout.write(`${section}\n`);
if (values['write-docs']) replaceSection('web', section);
