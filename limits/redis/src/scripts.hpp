// The Lua scripts of the Redis store. Each runs atomically in Redis: no other client's command
// comes between its reads and its writes, which is what makes a take all-or-none across keys
// and the lock's release owner-only. Private to regru::redis_limits.
#pragma once

#include <string_view>

namespace regru::api::redis::scripts {

// One permit from every key at `now`, or none; the same arithmetic as detail::admit (window.hpp),
// so that every store gives the same answers for the same history.
//
// KEYS: for each limit key, its window (a sorted set of the times of its permits: score = time
//       in ms, member = "<ms>-<take id>-<n>", unique even when a take names a key twice) and its
//       block (a string: the time in ms until which the key gives nothing).
// ARGV: now (ms), the take's id, how long past its window Redis keeps a window's set (ms; see
//       expiry_margin in redis_store.cpp), then for each key its calls and its window (ms).
// Returns {1, 0, 0, 0} when granted, else {0, wait (ms), the refusing key's number (from 1),
//       1 if that key is blocked}. The refusing key is the first with the longest wait.
inline constexpr std::string_view take = R"lua(
local now, margin = tonumber(ARGV[1]), tonumber(ARGV[3])
local wait, refused, blocked = 0, 0, 0
for i = 1, #KEYS / 2 do
  local window_key, block_key = KEYS[2 * i - 1], KEYS[2 * i]
  local calls, window = tonumber(ARGV[2 * i + 2]), tonumber(ARGV[2 * i + 3])
  local key_wait, key_blocked = 0, 0
  local blocked_until = tonumber(redis.call('GET', block_key) or '0')
  if blocked_until > now then
    key_wait, key_blocked = blocked_until - now, 1
  end
  -- Forget the permits that no window ending at `now`, or up to a window before it, holds:
  -- a take that arrives late (its caller read the clock, then waited) must still see the
  -- permits that takes counted before it saw.
  redis.call('ZREMRANGEBYSCORE', window_key, '-inf', now - 2 * window)
  local count = redis.call('ZCARD', window_key)
  if count >= calls then
    -- The permit that must leave the window before another can enter it; counting from the
    -- newest, so that later permits count too. At or before now - window: none needs to.
    local oldest = redis.call('ZRANGE', window_key, count - calls, count - calls, 'WITHSCORES')
    key_wait = math.max(key_wait, tonumber(oldest[2]) + window - now)
  end
  if key_wait > wait then
    wait, refused, blocked = key_wait, i, key_blocked
  end
end
if refused > 0 then
  return {0, wait, refused, blocked}
end
for i = 1, #KEYS / 2 do
  local window_key = KEYS[2 * i - 1]
  redis.call('ZADD', window_key, ARGV[1], ARGV[1] .. '-' .. ARGV[2] .. '-' .. i)
  redis.call('PEXPIRE', window_key, tonumber(ARGV[2 * i + 3]) + margin)
end
return {1, 0, 0, 0}
)lua";

// No permits from a key before `until`; a block never shortens one already in place. The value
// is what take compares with its `now`; the expiry only lets Redis forget a block that is over.
// KEYS[1]: the block. ARGV: until (ms), how long Redis keeps it (ms).
inline constexpr std::string_view block = R"lua(
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current >= tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
)lua";

// The balance lock for a new holder: SET NX PX, and when someone else holds it, how long their
// hold has left, in the same round trip.
// KEYS[1]: the lock. ARGV: the new holder's token, the hold's length (ms).
// Returns {1, 0} when taken, else {0, the holder's time left (PTTL)}.
inline constexpr std::string_view lock = R"lua(
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, 0}
end
return {0, redis.call('PTTL', KEYS[1])}
)lua";

// Releases the lock if the token still holds it: a lock that expired and was taken by another
// holder is left alone. KEYS[1]: the lock. ARGV[1]: the token.
inline constexpr std::string_view release = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
)lua";

}  // namespace regru::api::redis::scripts
