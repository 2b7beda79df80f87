-- POST /subscribers with an address no one has used: bench-<counter>-<thread>@example.com.
-- Lean (no response() callback): every answer that is not counted in wrk's "Non-2xx or 3xx" line is
-- a 202, so accepted = requests - non-2xx/3xx; run.sh then checks the subscriber table for them.
-- The thread number comes from setup(), which runs once per thread before the run.
local counter = 0
local headers = { ["Content-Type"] = "application/json" }
local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("tid", threads)
end

function request()
   counter = counter + 1
   local body = string.format('{"email":"bench-%d-%d@example.com"}', counter, tid)
   return wrk.format("POST", "/subscribers", headers, body)
end
