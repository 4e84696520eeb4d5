-- Seeds an activity's live stock in ONE atomic step, only if its counter is absent (a re-publish or a
-- restart never resets units already sold). The reserved total starts with the counter, at the units
-- the record says are held (0 for a new sale), so the two add up to the total; no reservation can slip
-- in between (none runs without a counter). Used for a record made by the same load; a counter that
-- Redis lost is rebuilt instead (rebuild.lua), once the stock ledger has caught up.
--
-- KEYS[1] seckill:stock:{id}           remaining units
-- KEYS[2] seckill:reserved-units:{id}  units held by live reservations
-- ARGV[1] the record's available units   ARGV[2] the record's locked + sold units
-- Reply: 1 when seeded, 0 when the counter was already there (nothing changed).

if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
    redis.call('SET', KEYS[2], ARGV[2])
    return 1
end
return 0
