// Drives one URL with autocannon (as a library) and prints the summary as JSON on stdout.
import autocannon from 'autocannon';

const [url, duration, connections, body, headersJson] = process.argv.slice(2);
const result = await autocannon({
  url,
  method: 'POST',
  duration: Number(duration),
  connections: Number(connections),
  headers: JSON.parse(headersJson),
  body,
});
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
