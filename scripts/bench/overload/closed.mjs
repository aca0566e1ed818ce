// The closed-loop generator of the overload bench: `connections` keep-alive connections, each
// sending its next request as soon as the answer to the last one is in (autocannon as a library,
// as scripts/bench/load.mjs uses it). Run as a process of its own:
//   node closed.mjs '{"url":…,"startAt":…,"seconds":…,"connections":…,"requests":[{"body":…,"headers":…}]}'
// `requests` is cycled through per connection (two entries: every other call is the second). It
// waits until `startAt` (epoch ms), then writes one JSON object on stdout (`closedLoop`'s result).
//
// Where autocannon's summary falls short, its public hooks fill in: `setupClient` gives each
// connection, whose `headers` event shows every answer's headers (Retry-After) and whose
// `request`/`response` events show a request that was abandoned, and `response` on the tracker
// (https://github.com/mcollina/autocannon#autocannonopts-cb) times every answer. autocannon
// reconnects silently when the server closes a connection with a request in flight, and counts
// only socket errors and timeouts: a request sent while the connection's last one is still
// unanswered is how such a loss shows from outside, so that is what `dropped` counts. (After such
// a loss autocannon still holds the lost request's start time, so the latencies of that
// connection's later answers run long: one more reason a drop fails the run.)
import autocannon from 'autocannon';
import { pathToFileURL } from 'node:url';
import {
  Answers,
  helperMain,
  Latencies,
  now,
  Seconds,
  until,
} from './stats.mjs';

/**
 * @typedef {{
 *   url: string,
 *   startAt: number,
 *   seconds: number,
 *   connections: number,
 *   requests: { body: string, headers: Record<string, string> }[],
 *   timeoutSeconds?: number,
 * }} ClosedConfig
 */

/**
 * @param {ClosedConfig} config
 */
export async function closedLoop({
  url,
  startAt,
  seconds: duration,
  connections,
  requests,
  timeoutSeconds = 10,
}) {
  await until(startAt);
  const seconds = new Seconds(startAt);
  const latency = new Latencies();
  const answers = new Answers(seconds, latency);
  let dropped = 0;

  const instance = autocannon({
    url,
    method: 'POST',
    duration,
    connections,
    timeout: timeoutSeconds,
    requests: requests.map(({ body, headers }) => ({
      method: 'POST',
      headers,
      body,
    })),
    setupClient(client) {
      let outstanding = 0;
      let retryAfter;
      client.on('request', () => {
        // The connection's previous request never got its answer: the socket failed, timed out
        // or was closed by the server, and autocannon reconnected and moved on.
        if (outstanding > 0) {
          dropped += outstanding;
          seconds.add(now(), 'dropped', outstanding);
        }
        outstanding = 1;
      });
      client.on('headers', ({ statusCode, headers }) => {
        // http-parser-js hands the raw headers as [name, value, name, value, …]
        retryAfter = undefined;
        if (statusCode !== 503) return;
        for (let i = 0; i < headers.length; i += 2)
          if (headers[i].toLowerCase() === 'retry-after')
            retryAfter = headers[i + 1];
      });
      client.on('response', (statusCode, _bytes, responseTime) => {
        outstanding = 0;
        answers.answer(statusCode, retryAfter, responseTime, now());
      });
    },
  });
  const result = await instance;
  return {
    sent: result.requests.sent,
    elapsedSeconds: duration,
    statuses: answers.statuses,
    refusedWithoutRetryAfter: answers.refusedWithoutRetryAfter,
    dropped,
    errors: result.errors,
    timeouts: result.timeouts,
    admitted: latency.summary(),
    seconds: seconds.rows.slice(0, Math.ceil(duration)),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href)
  await helperMain(closedLoop);
