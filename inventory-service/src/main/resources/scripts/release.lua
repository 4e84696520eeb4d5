-- Undoes the reservation of one order, exactly once, in ONE atomic step: order-service calls it when
-- it could not learn whether its reservation was made (timeout, error), and before it rolls the order
-- message back. Loaded once and run by SHA, like reserve.lua.
--
-- KEYS (the same activity's keys as reserve.lua, all under its hash tag {<activityId>}):
--   KEYS[1] seckill:stock:{id}           remaining units
--   KEYS[2] seckill:bought:{id}          hash userId -> units reserved by that user
--   KEYS[3] seckill:reservations:{id}    hash orderId -> "userId:quantity:idempotencyKey"
--   KEYS[4] seckill:idempotency:{id}     hash "userId:idempotencyKey" -> orderId
--   KEYS[5] seckill:released:{id}        hash orderId -> RELEASED | TOMBSTONE
--   KEYS[6] seckill:reserved-units:{id}  units held by live reservations
--   KEYS[7] seckill:unpublished:{id}        hash orderId -> order message not yet confirmed as sent
--   KEYS[8] seckill:unpublished-since:{id}  sorted set orderId -> when it was reserved
-- ARGV:
--   ARGV[1] orderId
--
-- Reply: { status, remaining units or '' when the counter is absent }, strings:
--   RELEASED          the reservation existed: its units are back in the stock, the user's bought count
--                     is lowered, its idempotency key is forgotten if it still points at this order (the
--                     buyer may retry with the same key), and the order id is marked RELEASED
--   ALREADY_RELEASED  released before: nothing changes, units are never returned twice
--   NOT_RESERVED      no reservation for this order id: a TOMBSTONE is written, so a reservation that
--                     arrives late with this order id is refused (reserve.lua answers RELEASED).
--                     Releasing a tombstoned order again answers NOT_RESERVED again.

local stock, bought, reservations, idempotency = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local released, reservedUnits, unpublished, unpublishedSince = KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local order = ARGV[1]

local function current()
    local value = redis.call('GET', stock)
    if value then return value end
    return ''
end

local before = redis.call('HGET', released, order)
if before == 'TOMBSTONE' then return { 'NOT_RESERVED', current() } end
if before then return { 'ALREADY_RELEASED', current() } end

local record = redis.call('HGET', reservations, order)
if not record then
    redis.call('HSET', released, order, 'TOMBSTONE')
    return { 'NOT_RESERVED', current() }
end

-- "userId:quantity:key", the key last and possibly containing ':' itself (empty when none).
local user, quantity, key = string.match(record, '^([^:]*):(%d+):(.*)$')
quantity = tonumber(quantity)

-- A missing counter is left missing: creating it here would turn a sale that Redis lost into one with
-- just these units; the next stock load seeds it from MySQL instead.
if redis.call('EXISTS', stock) == 1 then redis.call('INCRBY', stock, quantity) end
if redis.call('HINCRBY', bought, user, -quantity) <= 0 then redis.call('HDEL', bought, user) end
if redis.call('DECRBY', reservedUnits, quantity) <= 0 then redis.call('DEL', reservedUnits) end
if key ~= '' then
    local keyField = user .. ':' .. key
    if redis.call('HGET', idempotency, keyField) == order then redis.call('HDEL', idempotency, keyField) end
end
redis.call('HDEL', reservations, order)
-- a released order must never be published: its message leaves the outbox with its units
redis.call('HDEL', unpublished, order)
redis.call('ZREM', unpublishedSince, order)
redis.call('HSET', released, order, 'RELEASED')
return { 'RELEASED', current() }
