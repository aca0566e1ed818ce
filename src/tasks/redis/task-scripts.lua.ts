// Task record transitions as Redis scripts. KEYS of every script, all in the task's hash slot
// (`{id}`, so a clustered Redis runs them): 1 the record (hash), 2 outstanding input requests
// (wire key → request), 3 answers (wire key → answer), 4 wire key → the tool's key, 5 every input
// key used in the task's life (set). Side keys expire with the record.

/** Common prelude: the status, liveness, and helpers to expire side keys and end the task. */
const PRELUDE = `
local s = redis.call('HGET', KEYS[1], 'status')
local live = (s == 'working' or s == 'input_required')
local function expire(key)
  local at = redis.call('PEXPIRETIME', KEYS[1])
  if at > 0 then redis.call('PEXPIREAT', key, at) end
end
local function ending(now)
  redis.call('HDEL', KEYS[1], 'held', 'ckpt', 'state', 'cont', 'retry')
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5])
  redis.call('HSET', KEYS[1], 'updated', now)
end
`;

/**
 * Reads a task. Returns false when unknown or expired, else { record fields, outstanding inputs }.
 */
export const GET_TASK_SCRIPT = `
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then return false end
return { fields, redis.call('HGETALL', KEYS[2]) }
`;

/**
 * Claims a task for a run (ARGV: now, owner, rerun policy, max attempts, backoff ms, backoff max
 * ms, the "re-run refused" error, the "attempts exhausted" error, as JSON; a refusal is also the
 * status message). A previous run that never let
 * go (\`held\`) was lost: a \`never\` task fails; a resumable one is run again, after a backoff
 * from its second loss on, until \`max attempts\` losses fail it.
 * Returns { 'ended' } | { 'waiting' } | { 'refused' } | { 'later', at } |
 * { 'run', fence, attempt, continuation, origin, checkpoint, state, answers, key map, queued }.
 */
export const BEGIN_TASK_SCRIPT = `${PRELUDE}
if not live then return { 'ended' } end
if s == 'input_required' then return { 'waiting' } end
local now = tonumber(ARGV[1])
local h = redis.call('HMGET', KEYS[1], 'fence', 'attempt', 'held', 'lost', 'retry', 'cont')
local fence = tonumber(h[1] or '0')
local attempt = tonumber(h[2] or '0')
local lost = tonumber(h[4] or '0')
local retry = tonumber(h[5] or '0')
local cont = h[6]
if h[3] then
  if ARGV[3] == 'never' then
    ending(ARGV[1])
    redis.call('HSET', KEYS[1], 'status', 'failed', 'error', ARGV[7],
      'message', cjson.decode(ARGV[7]).message)
    return { 'refused' }
  end
  lost = lost + 1
  if lost >= tonumber(ARGV[4]) then
    ending(ARGV[1])
    redis.call('HSET', KEYS[1], 'status', 'failed', 'error', ARGV[8],
      'message', cjson.decode(ARGV[8]).message)
    return { 'refused' }
  end
  redis.call('HSET', KEYS[1], 'lost', lost)
  redis.call('HDEL', KEYS[1], 'held', 'cont')
  cont = false
  if lost >= 2 then
    retry = now + math.floor(math.min(tonumber(ARGV[6]), tonumber(ARGV[5]) * 2 ^ (lost - 2)))
    redis.call('HSET', KEYS[1], 'retry', retry)
  end
end
if retry > now then return { 'later', tostring(retry) } end
fence = fence + 1
local continuation = (cont == '1')
if not continuation then attempt = attempt + 1 end
redis.call('HSET', KEYS[1], 'fence', fence, 'attempt', attempt, 'held', fence, 'owner', ARGV[2])
redis.call('HDEL', KEYS[1], 'cont', 'retry')
local r = redis.call('HMGET', KEYS[1], 'origin', 'ckpt', 'state', 'queued')
return { 'run', tostring(fence), tostring(attempt), continuation and '1' or '0', r[1], r[2], r[3],
  redis.call('HGETALL', KEYS[3]), redis.call('HGETALL', KEYS[4]), r[4] }
`;

/**
 * Every other transition, as one compare-and-set that never leaves a terminal status
 * (ARGV: op, now, channel, task id, fence (0: any run), then the op's own). A run's writes count
 * only while its fence is the current one.
 * Returns -1 for an unknown (or expired) task; otherwise per op (1 done, 0 refused).
 */
export const TRANSITION_SCRIPT = `${PRELUDE}
if not s then return -1 end
local op = ARGV[1]
local fence = tonumber(ARGV[5])
local fenced = fence == 0 or fence == tonumber(redis.call('HGET', KEYS[1], 'fence') or '0')
if op == 'message' then
  if not (live and fenced) then return 0 end
  redis.call('HSET', KEYS[1], 'message', ARGV[6], 'updated', ARGV[2])
  return 1
elseif op == 'ckpt' then
  if not (live and fenced) then return 0 end
  redis.call('HSET', KEYS[1], 'ckpt', ARGV[6])
  return 1
elseif op == 'input' then
  if s ~= 'working' or not fenced then return 0 end
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
  for i = 7, #ARGV, 2 do
    local key = ARGV[i]
    local wire = key
    local n = 2
    while redis.call('SISMEMBER', KEYS[5], wire) == 1 do
      wire = key .. '.' .. n
      n = n + 1
    end
    redis.call('SADD', KEYS[5], wire)
    redis.call('HSET', KEYS[2], wire, ARGV[i + 1])
    redis.call('HSET', KEYS[4], wire, key)
  end
  expire(KEYS[2])
  expire(KEYS[4])
  expire(KEYS[5])
  if ARGV[6] == '' then redis.call('HDEL', KEYS[1], 'state')
  else redis.call('HSET', KEYS[1], 'state', ARGV[6]) end
  redis.call('HSET', KEYS[1], 'status', 'input_required', 'updated', ARGV[2], 'cont', '1')
  redis.call('HDEL', KEYS[1], 'held')
  return 1
elseif op == 'respond' then
  if s ~= 'input_required' then return 1 end
  for i = 6, #ARGV, 2 do
    if redis.call('HDEL', KEYS[2], ARGV[i]) == 1 then
      redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
    end
  end
  expire(KEYS[3])
  if redis.call('HLEN', KEYS[2]) == 0 then
    redis.call('HSET', KEYS[1], 'status', 'working', 'updated', ARGV[2], 'queued', ARGV[2])
    redis.call('PUBLISH', ARGV[3], ARGV[4] .. ' input')
    return 2
  end
  redis.call('HSET', KEYS[1], 'updated', ARGV[2])
  return 1
elseif op == 'finish' then
  if not (live and fenced) then return 0 end
  ending(ARGV[2])
  redis.call('HSET', KEYS[1], 'status', ARGV[6], ARGV[7], ARGV[8])
  if ARGV[9] and ARGV[9] ~= '' then redis.call('HSET', KEYS[1], 'message', ARGV[9]) end
  return 1
elseif op == 'release' then
  if not (s == 'working' and fenced) then return 0 end
  local next = tonumber(redis.call('HGET', KEYS[1], 'fence') or '0') + 1
  redis.call('HSET', KEYS[1], 'fence', next, 'queued', ARGV[2], 'message', ARGV[6], 'updated', ARGV[2])
  redis.call('HDEL', KEYS[1], 'held')
  return 1
elseif op == 'cancel' then
  if live then
    ending(ARGV[2])
    redis.call('HSET', KEYS[1], 'status', 'cancelled')
    redis.call('PUBLISH', ARGV[3], ARGV[4] .. ' cancel')
  end
  return 1
end
return redis.error_reply('unknown task op')
`;
