-- The buyer's next purchase sequence in an activity, never repeated, even after Redis lost its data.
--
-- KEYS[1] seckill:order:sequence:{<activityId>}: hash userId -> attempts so far, and '#generation'
-- ARGV[1] userId (letters, digits, '_', '-': never '#generation')
-- ARGV[2] now, in epoch seconds
--
-- Returns generation * 1,000,000 + n. The generation is the second the hash was (re)created: if Redis
-- loses the hash, counting starts again at 1 but in a new generation, so no number handed out before
-- the loss comes back (the orders table keys on (user, activity, sequence); a repeated number would
-- make a new order look like a copy of an old one). Exact in Lua's doubles (< 2^53).
local generation = redis.call('HGET', KEYS[1], '#generation')
if not generation then
    generation = ARGV[2]
    redis.call('HSET', KEYS[1], '#generation', generation)
end
return tonumber(generation) * 1000000 + redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
