// A minimal OpenAI-compatible mock upstream for Steward's own bench scripts (Node core only):
// a fixed chat.completion JSON, or, when the request asks for "stream": true, five chunks and
// [DONE]. gateway-bench.sh uses it to warm the streaming instance; profile.sh as the upstream.
'use strict';
const http = require('http');
const PORT = parseInt(process.env.MOCK_PORT || '18082', 10);
const BODY = JSON.stringify({
  id: 'chatcmpl-mock', object: 'chat.completion', created: 1700000000, model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! This is a fixed reply from the mock upstream.' },
    logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 42, completion_tokens: 17, total_tokens: 59, prompt_tokens_details: { cached_tokens: 0 } },
});
const chunk = (c, fin) => 'data: {"id":"w","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":' + JSON.stringify(c) + '},"finish_reason":' + (fin ? '"stop"' : 'null') + '}]}\n\n';
const server = http.createServer((req, res) => {
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    if (!/"stream"\s*:\s*true/.test(Buffer.concat(parts).toString())) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(BODY) });
      res.end(BODY);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    for (const w of ['a', 'b', 'c', 'd']) res.write(chunk(w, false));
    res.write(chunk('e', true));
    res.end('data: [DONE]\n\n');
  });
});
server.keepAliveTimeout = 65000;
server.listen(PORT, '127.0.0.1');
