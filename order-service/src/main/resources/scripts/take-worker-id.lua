-- Leases a worker id if it is free: SET NX PX. Also if the key is already this instance's (an earlier
-- take whose answer never arrived, e.g. it timed out on the way back): that id has been nobody else's
-- since, so it is as good as free, and leaving it to run out would only waste it for a ttl.
-- KEYS[1] the worker id's key; ARGV[1] this instance's holder name; ARGV[2] the ttl in ms.
-- Returns 1 if this instance now holds the id, 0 if another does.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
    return 1
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return 1
end
return 0
