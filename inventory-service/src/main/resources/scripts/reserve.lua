-- Reserves units of one flash-sale activity for a batch of orders in ONE atomic step (Redis runs a
-- script without interleaving any other command), so no check-then-act race can oversell or overrun a
-- user's limit. One call decides every order of the batch, in the order given, as if each came alone.
-- Loaded once and run by SHA (EVALSHA, EVAL if the server lost it).
--
-- The outbox: an order accepted here owes the broker its order message. The message (an opaque payload
-- from the caller) is stored with the reservation, in the same step, and stays until the caller confirms
-- it was sent (ARGV's published ids, in this or a later call) or the reservation is released. A caller
-- that dies between the two leaves it here, dated, for whoever sweeps old entries: a reservation can
-- never lose its message, whatever dies when.
--
-- KEYS (all carry the activity's hash tag {<activityId>}, so they share one Redis Cluster slot):
--   KEYS[1] seckill:stock:{id}              remaining units, a Redis integer (written by the stock load)
--   KEYS[2] seckill:bought:{id}             hash userId -> units reserved by that user
--   KEYS[3] seckill:reservations:{id}       hash orderId -> "userId:quantity:idempotencyKey"
--   KEYS[4] seckill:idempotency:{id}        hash "userId:idempotencyKey" -> orderId
--   KEYS[5] seckill:released:{id}           hash orderId -> RELEASED | TOMBSTONE (see release.lua)
--   KEYS[6] seckill:reserved-units:{id}     units held by live reservations, a Redis integer
--   KEYS[7] seckill:unpublished:{id}        hash orderId -> order message not yet confirmed as sent
--   KEYS[8] seckill:unpublished-since:{id}  sorted set orderId -> when it was reserved (epoch ms)
-- ARGV:
--   ARGV[1] now (epoch ms)   ARGV[2] p, the number of published order ids that follow
--   then p order ids whose messages were sent (their outbox entries are removed)
--   then r, the number of replay look-ups that follow, and r pairs (userId, idempotency key): which order,
--   if any, the user's key placed (asked for a retry that came after the sale sold out)
--   then 6 per order: limitPerUser (>= 1), quantity (>= 1), userId, orderId,
--   idempotency key ('' for none: no replay check, nothing recorded), message ('' for none: the caller
--   publishes it some other way and nothing is kept in the outbox)
--
-- Reply: first one string per replay look-up, the order id or '' when the key placed none, or '?' when
-- that cannot be known: no stock counter, so the activity was never loaded or Redis lost its keys (the
-- key's record with them) and its rebuild is not done yet; then 3 strings
-- per order, in order: status, orderId or '', remaining units or '' when the counter is absent. Checks in this order; only OK changes anything:
--   RELEASED           this order id was released (or fenced off by a release that came first): it can
--                      never hold units again, so a late-arriving reservation reserves nothing
--   DUPLICATE          the user's idempotency key (or this order id) was already reserved: the first
--                      order id, nothing changes
--   NOT_LOADED         no stock counter: the sale was never loaded (a missing key is never taken as 0,
--                      and never created here)
--   SOLD_OUT           remaining < quantity
--   ALREADY_PURCHASED  the user already holds limitPerUser units (or more)
--   LIMIT_EXCEEDED     the user holds fewer, but this quantity would take them over limitPerUser
--   OK                 stock decremented, user's units incremented, reservation, key and message recorded
--
-- The buyer's purchase sequence is not kept here: order-service assigns it before it reserves.

local stock, bought, reservations, idempotency = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local released, reservedUnits, unpublished, unpublishedSince = KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local now = ARGV[1]
local published = tonumber(ARGV[2])

local function current()
    local value = redis.call('GET', stock)
    if value then return value end
    return ''
end

for i = 3, 2 + published do
    redis.call('HDEL', unpublished, ARGV[i])
    redis.call('ZREM', unpublishedSince, ARGV[i])
end

local function reserve(limit, quantity, user, order, key, message)
    -- 1. an order id that was released is dead for good: the release may have raced ahead of this call
    --    (order-service gave up waiting and undid it), and reserving now would hold units no order owns.
    if redis.call('HEXISTS', released, order) == 1 then
        return 'RELEASED', '', current()
    end

    -- 2. a replay: answer with the first order id and change nothing. The key is scoped to the user, so
    --    one user's key can never fetch another user's order.
    local keyField = user .. ':' .. key
    if key ~= '' then
        local first = redis.call('HGET', idempotency, keyField)
        if first then return 'DUPLICATE', first, current() end
    end
    -- the same order id twice (a retry without a key) must not reserve twice either
    if redis.call('HEXISTS', reservations, order) == 1 then
        return 'DUPLICATE', order, current()
    end

    -- 3. never loaded
    local remaining = redis.call('GET', stock)
    if not remaining then return 'NOT_LOADED', '', '' end
    remaining = tonumber(remaining)

    -- 4. not enough left
    if remaining < quantity then return 'SOLD_OUT', '', tostring(remaining) end

    -- 5. the user's limit
    local held = tonumber(redis.call('HGET', bought, user) or '0')
    if held >= limit then return 'ALREADY_PURCHASED', '', tostring(remaining) end
    if held + quantity > limit then return 'LIMIT_EXCEEDED', '', tostring(remaining) end

    -- 6. reserve. The idempotency key goes last in the record: it may contain ':' itself.
    local left = redis.call('DECRBY', stock, quantity)
    redis.call('HINCRBY', bought, user, quantity)
    redis.call('INCRBY', reservedUnits, quantity)
    redis.call('HSET', reservations, order, user .. ':' .. quantity .. ':' .. key)
    if key ~= '' then redis.call('HSET', idempotency, keyField, order) end
    if message ~= '' then
        redis.call('HSET', unpublished, order, message)
        redis.call('ZADD', unpublishedSince, now, order)
    end
    return 'OK', order, tostring(left)
end

local reply = {}
local replays = tonumber(ARGV[3 + published])
local cursor = 4 + published
for i = cursor, cursor + 2 * replays - 1, 2 do
    local first = redis.call('HGET', idempotency, ARGV[i] .. ':' .. ARGV[i + 1])
    if not first and redis.call('EXISTS', stock) == 0 then first = '?' end
    table.insert(reply, first or '')
end

for i = cursor + 2 * replays, #ARGV, 6 do
    local status, order, remaining = reserve(tonumber(ARGV[i]), tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3],
        ARGV[i + 4], ARGV[i + 5])
    table.insert(reply, status)
    table.insert(reply, order)
    table.insert(reply, remaining)
end
return reply
