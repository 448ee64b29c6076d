// A minimal streaming OpenAI-compatible mock, used only to warm up Steward's streaming instance
// before the measured run (the harness starts its own mock on the same port afterwards).
'use strict';
const http = require('http');
const PORT = parseInt(process.env.MOCK_PORT || '18082', 10);
const chunk = (c, fin) => 'data: {"id":"w","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":' + JSON.stringify(c) + '},"finish_reason":' + (fin ? '"stop"' : 'null') + '}]}\n\n';
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    for (const w of ['a', 'b', 'c', 'd']) res.write(chunk(w, false));
    res.write(chunk('e', true));
    res.end('data: [DONE]\n\n');
  });
}).listen(PORT, '127.0.0.1');
