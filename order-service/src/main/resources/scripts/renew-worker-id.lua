-- Extends this instance's lease on a worker id, only while the lease is still its own: a lease that
-- ran out and was taken by another instance must never be extended from here.
-- KEYS[1] the worker id's key; ARGV[1] this instance's holder name; ARGV[2] the ttl in ms.
-- Returns 1 if extended, 0 if the key is gone or another holder's.
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
