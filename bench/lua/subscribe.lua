-- POST /subscribers with an address no one has used: bench-<counter>-<thread>@example.com.
-- s202 in the result line is the number of accepted subscriptions, which run.sh checks in the table.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local counter = 0
local headers = { ["Content-Type"] = "application/json" }

function init(args)
   init_counters()
end

function request()
   counter = counter + 1
   local body = string.format('{"email":"bench-%d-%d@example.com"}', counter, tid)
   return wrk.format("POST", "/subscribers", headers, body)
end
