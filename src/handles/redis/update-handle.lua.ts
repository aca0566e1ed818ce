/**
 * Atomic handle update (Redis runs a script as one unit). KEYS[1] the handle's hash.
 * ARGV: purpose, owner, ttl ms, increment count n, then n × (field, by, min, max), then
 * (field, json) pairs to set. Refuses — changing nothing — an unknown handle, another purpose or
 * owner, a non-integer field, or any increment that leaves its range; otherwise applies everything,
 * renews the TTL and returns {'ok', field, value, …}.
 */
export const UPDATE_SCRIPT = `
local key = KEYS[1]
local meta = redis.call('HMGET', key, '_p', '_o')
if not meta[1] then return {'unknown'} end
if meta[1] ~= ARGV[1] or meta[2] ~= ARGV[2] then return {'invalid'} end
local n = tonumber(ARGV[4])
local i = 5
for _ = 1, n do
  local current = redis.call('HGET', key, ARGV[i])
  local value = 0
  if current then
    value = tonumber(current)
    if not value or math.floor(value) ~= value then return {'invalid'} end
  end
  value = value + tonumber(ARGV[i + 1])
  if value < tonumber(ARGV[i + 2]) or value > tonumber(ARGV[i + 3]) then return {'out-of-range'} end
  i = i + 4
end
i = 5
for _ = 1, n do
  redis.call('HINCRBY', key, ARGV[i], ARGV[i + 1])
  i = i + 4
end
while i < #ARGV do
  redis.call('HSET', key, ARGV[i], ARGV[i + 1])
  i = i + 2
end
redis.call('PEXPIRE', key, ARGV[3])
local reply = redis.call('HGETALL', key)
table.insert(reply, 1, 'ok')
return reply
`;
