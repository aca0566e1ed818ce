/**
 * Reads a task (KEYS: record, outstanding inputs, responses, lease; ARGV: now, the "worker lost"
 * error as JSON). A live task whose owner's lease has lapsed is failed first, atomically, so every
 * instance sees the same terminal state (SEP-2663: terminal is final).
 * Returns false when unknown or expired, else { record fields, outstanding inputs }.
 */
export const GET_TASK_SCRIPT = `
local s = redis.call('HGET', KEYS[1], 'status')
if not s then return false end
if (s == 'working' or s == 'input_required') and redis.call('EXISTS', KEYS[4]) == 0 then
  redis.call('HSET', KEYS[1], 'status', 'failed', 'error', ARGV[2], 'updated', ARGV[1])
  redis.call('DEL', KEYS[2], KEYS[3])
end
return { redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]) }
`;

/**
 * Every other transition, as one compare-and-set that never leaves a terminal status
 * (KEYS: record, outstanding inputs, responses, lease; ARGV: op, now, channel, task id, then the op's own). Side keys expire with the record.
 * Returns -1 for an unknown (or expired) task; otherwise per op.
 */
export const TRANSITION_SCRIPT = `
local s = redis.call('HGET', KEYS[1], 'status')
if not s then return -1 end
local live = (s == 'working' or s == 'input_required')
local op = ARGV[1]
local function expire(key)
  local at = redis.call('PEXPIRETIME', KEYS[1])
  if at > 0 then redis.call('PEXPIREAT', key, at) end
end
if op == 'message' then
  if live then redis.call('HSET', KEYS[1], 'message', ARGV[5], 'updated', ARGV[2]) end
  return 1
elseif op == 'input' then
  if s ~= 'working' then return 0 end
  redis.call('DEL', KEYS[2], KEYS[3])
  for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
  expire(KEYS[2])
  redis.call('HSET', KEYS[1], 'status', 'input_required', 'updated', ARGV[2])
  return 1
elseif op == 'respond' then
  if s ~= 'input_required' then return 1 end
  for i = 5, #ARGV, 2 do
    if redis.call('HDEL', KEYS[2], ARGV[i]) == 1 then
      redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
    end
  end
  expire(KEYS[3])
  if redis.call('HLEN', KEYS[2]) == 0 then
    redis.call('HSET', KEYS[1], 'status', 'working', 'updated', ARGV[2])
    redis.call('PUBLISH', ARGV[3], ARGV[4] .. ' input')
    return 2
  end
  redis.call('HSET', KEYS[1], 'updated', ARGV[2])
  return 1
elseif op == 'take' then
  if s ~= 'working' or redis.call('HLEN', KEYS[2]) > 0 then return 0 end
  local taken = redis.call('HGETALL', KEYS[3])
  redis.call('DEL', KEYS[3])
  return taken
elseif op == 'finish' then
  if not live then return 0 end
  redis.call('HSET', KEYS[1], 'status', ARGV[5], ARGV[6], ARGV[7], 'updated', ARGV[2])
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
  return 1
elseif op == 'cancel' then
  if live then
    redis.call('HSET', KEYS[1], 'status', 'cancelled', 'updated', ARGV[2])
    redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
    redis.call('PUBLISH', ARGV[3], ARGV[4] .. ' cancel')
  end
  return 1
end
return redis.error_reply('unknown task op')
`;
