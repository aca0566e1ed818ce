// The open-loop generator of the overload bench: sends `rate` requests a second on a fixed
// schedule, whatever the answers, for `seconds` seconds, then waits for the last answers (each
// request gives up after `timeoutMs`). Run as a process of its own:
//   node open.mjs '{"url":…,"startAt":…,"seconds":…,"rate":…,"sockets":…,"requests":[…]}'
// and it writes one JSON object on stdout (`openLoop`'s result).
//
// Hand-written on node:http: autocannon's `overallRate` (and `connectionRate`) only cap a closed
// loop (each connection still waits for its answer before the next request), and no well-kept
// Node load library sends on a schedule regardless of answers. Every request's latency is taken
// from the time the schedule meant to send it, not from when it went out, so a server that stalls
// is charged for the requests it kept waiting (no coordinated omission, as in wrk2:
// https://github.com/giltene/wrk2#acknowledgements). Requests go through one keep-alive Agent
// with `sockets` sockets; a request due while all of them are busy waits in the Agent's queue,
// and is counted as late (`lateNoSocket`). So is the generator falling behind its own schedule
// (`behindSchedule`: sent more than 10 ms after its time, for lack of CPU).
import { Agent, request } from 'node:http';
import { pathToFileURL } from 'node:url';
import {
  Answers,
  helperMain,
  Latencies,
  now,
  Seconds,
  until,
} from './stats.mjs';

/** Later than this after its scheduled time, a send counts as behind schedule. */
const LATE_MS = 10;

/**
 * @typedef {{
 *   url: string,
 *   startAt: number,
 *   seconds: number,
 *   rate: number,
 *   sockets: number,
 *   requests: { body: string, headers: Record<string, string> }[],
 *   timeoutMs?: number,
 * }} OpenConfig
 */

/** How a request that got no answer failed. */
const dropKind = (err) =>
  err.code === 'ETIMEDOUT'
    ? 'timeouts'
    : err.code === 'ECONNRESET' || err.code === 'EPIPE'
      ? 'resets'
      : err.code === 'ECONNREFUSED'
        ? 'refused'
        : err.code === 'CLOSED_UNANSWERED'
          ? 'closed'
          : 'errors';

/**
 * @param {OpenConfig} config
 */
export async function openLoop({
  url,
  startAt,
  seconds: duration,
  rate,
  sockets,
  requests,
  timeoutMs = 10_000,
}) {
  const { hostname, port, pathname } = new URL(url);
  const agent = new Agent({
    keepAlive: true,
    maxSockets: sockets,
    maxFreeSockets: sockets,
    scheduling: 'fifo',
  });
  const prepared = requests.map(({ body, headers }) => ({
    tool: headers['mcp-name'],
    body: Buffer.from(body),
    headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
  }));
  const seconds = new Seconds(startAt);
  const latency = new Latencies();
  const answers = new Answers(seconds, latency);
  const dropped = {
    timeouts: 0,
    resets: 0,
    refused: 0,
    closed: 0,
    errors: 0,
  };
  const total = Math.round(rate * duration);
  const interval = 1000 / rate;
  let sent = 0;
  let inFlight = 0;
  let lateNoSocket = 0;
  let behindSchedule = 0;
  let maxLagMs = 0;
  let lastAnswerAt = startAt;

  await until(startAt);
  return new Promise((resolve) => {
    const finish = () => {
      if (sent < total || inFlight > 0) return;
      agent.destroy();
      resolve({
        sent,
        elapsedSeconds: (lastAnswerAt - startAt) / 1000,
        statuses: answers.statuses,
        refusedWithoutRetryAfter: answers.refusedWithoutRetryAfter,
        admittedByTool: answers.admittedByTool,
        dropped: Object.values(dropped).reduce((a, b) => a + b, 0),
        droppedBy: dropped,
        lateNoSocket,
        behindSchedule,
        maxLagMs,
        admitted: latency.summary(),
        seconds: seconds.rows,
      });
    };

    /** Sends one request meant to go out at `scheduled` (epoch ms). */
    const send = (scheduled, { tool, body, headers }) => {
      sent++;
      seconds.add(scheduled, 'offered');
      if (inFlight >= sockets) lateNoSocket++;
      inFlight++;
      let settled = false;
      const settle = (fn) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        inFlight--;
        lastAnswerAt = now();
        fn(lastAnswerAt);
        finish();
      };
      const drop = (err) =>
        settle((at) => {
          dropped[dropKind(err)]++;
          seconds.add(at, 'dropped');
        });
      let response;
      const answered = () =>
        settle((at) =>
          answers.answer(
            response.statusCode,
            response.headers['retry-after'],
            at - scheduled,
            at,
            tool,
          ),
        );
      const req = request(
        { agent, hostname, port, path: pathname, method: 'POST', headers },
        (res) => {
          response = res;
          res.on('error', drop);
          res.on('data', () => {});
          res.on('end', answered);
        },
      );
      req.on('error', drop);
      // Whatever ended the exchange without an 'end' or an error (a connection closed early on
      // some paths of node:http) still settles it: an answer only if it came in whole.
      req.on('close', () =>
        response?.complete
          ? answered()
          : drop(
              Object.assign(new Error('closed unanswered'), {
                code: 'CLOSED_UNANSWERED',
              }),
            ),
      );
      const timer = setTimeout(
        () =>
          req.destroy(
            Object.assign(new Error('no answer in time'), {
              code: 'ETIMEDOUT',
            }),
          ),
        timeoutMs,
      );
      req.end(body);
    };

    const tick = () => {
      const t = now();
      while (sent < total && startAt + sent * interval <= t) {
        const scheduled = startAt + sent * interval;
        const lag = t - scheduled;
        maxLagMs = Math.max(maxLagMs, lag);
        if (lag > LATE_MS) behindSchedule++;
        send(scheduled, prepared[sent % prepared.length]);
      }
      if (sent < total) setTimeout(tick, 1);
      else finish();
    };
    tick();
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href)
  await helperMain(openLoop);
