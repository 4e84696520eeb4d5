-- Rebuilds an activity's live stock from its MySQL record after Redis lost it, in ONE atomic step and
-- only if the counter is still absent (a rebuild never overwrites a live counter; a second caller, or
-- the load racing an admin, finds it and changes nothing). The caller has made sure that the stock
-- ledger recorded every committed order first. No reservation can slip in while it runs, and none ran
-- without the counter (reserve.lua answers NOT_LOADED).
--
-- KEYS (one activity's, under its hash tag {<activityId>}):
--   KEYS[1] seckill:stock:{id}           remaining units                    := the record's available
--   KEYS[2] seckill:bought:{id}          hash userId -> units               := LOCKED minus RETURNED per known user
--   KEYS[3] seckill:reservations:{id}    hash orderId -> "user:qty:key"     := every order holding units
--   KEYS[4] seckill:released:{id}        hash orderId -> RELEASED|TOMBSTONE += RELEASED for every returned order
--   KEYS[5] seckill:reserved-units:{id}  units held by live reservations    := the record's locked + sold
--   KEYS[6] seckill:idempotency:{id}     hash "userId:key" -> orderId       += every held order placed with a key
-- ARGV:
--   ARGV[1] remaining   ARGV[2] reserved units   ARGV[3] n buyers   ARGV[4] m held orders
--   then n pairs (userId, units), then m triples (orderId, reservation, "userId:key" or ''), then the
--   returned order ids
--
-- The reservations come back so that a later cancellation of one of these orders finds it and returns
-- its units exactly once (release.lua), and a returned order is marked RELEASED so that a redelivered
-- cancellation answers ALREADY_RELEASED. Each held order's idempotency key comes back too, so that the
-- buyer's retry with it is answered that order (DUPLICATE), not refused as over the limit or sold again.
-- Whatever else bought and reservations held is replaced: the record is the truth once the ledger has
-- caught up. The fences (released, idempotency) are only added to: they only refuse.
--
-- Reply: 1 when rebuilt, 0 when the counter was there (nothing changed).

local stock, bought, reservations, released, reservedUnits, idempotency = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]

if redis.call('EXISTS', stock) == 1 then return 0 end

redis.call('DEL', bought, reservations)
local buyers, held = tonumber(ARGV[3]), tonumber(ARGV[4])
local i = 5
for _ = 1, buyers do
    redis.call('HSET', bought, ARGV[i], ARGV[i + 1])
    i = i + 2
end
for _ = 1, held do
    redis.call('HSET', reservations, ARGV[i], ARGV[i + 1])
    if ARGV[i + 2] ~= '' then redis.call('HSET', idempotency, ARGV[i + 2], ARGV[i]) end
    i = i + 3
end
while i <= #ARGV do
    redis.call('HSET', released, ARGV[i], 'RELEASED')
    i = i + 1
end
redis.call('SET', reservedUnits, ARGV[2])
redis.call('SET', stock, ARGV[1])
return 1
