// The baseline of `npm run bench`: bare node:http doing the same JSON work for tools/call echo
// (read, parse, check Mcp-Method and Mcp-Name, answer the echo result) and nothing else.
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? process.env.PORT ?? 8200);
createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const msg = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (req.headers['mcp-method'] !== msg.method || req.headers['mcp-name'] !== msg.params.name) {
      res.writeHead(400).end();
      return;
    }
    const structured = { message: msg.params.arguments.message, instance_id: 'local' };
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: msg.id,
      result: { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured, resultType: 'complete' },
    });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(port, '127.0.0.1', () => process.send?.('ready'));
