-- Gives a worker id back on shutdown, only if its lease is still this instance's. The key is kept
-- ARGV[2] ms more (the lease margin, 0: deleted at once): the next holder's clock may run a little
-- behind this one's, and must not stamp its first ids with milliseconds this instance already used.
-- KEYS[1] the worker id's key; ARGV[1] this instance's holder name; ARGV[2] the margin in ms.
-- Returns 1 if given back, 0 if it was not this instance's (any more).
if redis.call('GET', KEYS[1]) == ARGV[1] then
    if tonumber(ARGV[2]) > 0 then
        return redis.call('PEXPIRE', KEYS[1], ARGV[2])
    end
    return redis.call('DEL', KEYS[1])
end
return 0
