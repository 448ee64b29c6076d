// Minimal OpenAI-compatible mock upstream (Node core http only).
//   POST /v1/chat/completions            -> fixed chat.completion JSON (mock/body.json)
//   POST ... with "stream": true         -> text/event-stream: 5 chat.completion.chunk events + [DONE]
//   GET  /health                         -> 200 ok
// Env: MOCK_PORT (default 18082), MOCK_STREAM_DELAY_MS (default 0 = write chunks back-to-back)
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

const PORT = parseInt(process.env.MOCK_PORT || '18082', 10);
const DELAY = parseInt(process.env.MOCK_STREAM_DELAY_MS || '0', 10);
const BODY = fs.readFileSync(path.join(__dirname, 'body.json'));
const BODY_LEN = String(BODY.length);
const STREAM_RE = /"stream"\s*:\s*true/;

const words = ['Hello', '! This', ' is a', ' mock', ' stream.'];
const base = '{"id":"chatcmpl-mockstream0001","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_mock00001","choices":[{"index":0,';
const CHUNKS = words.map((w, i) =>
  'data: ' + base +
  (i === 0 ? '"delta":{"role":"assistant","content":' + JSON.stringify(w) + '}' : '"delta":{"content":' + JSON.stringify(w) + '}') +
  ',"logprobs":null,"finish_reason":' + (i === words.length - 1 ? '"stop"' : 'null') + '}]}\n\n');
CHUNKS.push('data: [DONE]\n\n');

function sendStream(res) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'Connection': 'keep-alive' });
  if (DELAY <= 0) { for (const c of CHUNKS) res.write(c); res.end(); return; }
  let i = 0;
  const tick = () => { res.write(CHUNKS[i++]); if (i < CHUNKS.length) setTimeout(tick, DELAY); else res.end(); };
  tick();
}

const server = http.createServer((req, res) => {
  if (req.method === 'POST') {
    const parts = [];
    req.on('data', (d) => parts.push(d));
    req.on('end', () => {
      const body = parts.length === 1 ? parts[0].toString() : Buffer.concat(parts).toString();
      if (STREAM_RE.test(body)) return sendStream(res);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': BODY_LEN });
      res.end(BODY);
    });
    return;
  }
  if (req.url === '/health') { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end('ok'); return; }
  res.writeHead(404, { 'Content-Type': 'application/json' });
  res.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
});
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
server.listen(PORT, '127.0.0.1', () => console.log(`node mock listening on 127.0.0.1:${PORT}`));
