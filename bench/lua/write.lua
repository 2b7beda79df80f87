-- POST /terms with a name no one has used, under the Authorization header given as the argument:
--
--   wrk ... -s write.lua URL -- "Bearer glo_..."      (or "Basic <base64>")
--
-- Lean (no response() callback): every answer not counted in wrk's "Non-2xx or 3xx" line is a 201;
-- token-writes.sh checks the term table for them. The thread number comes from setup().
local counter = 0
local headers
local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("tid", threads)
end

function init(args)
   headers = { ["Content-Type"] = "application/json", ["Authorization"] = assert(args[1], "no Authorization value") }
end

function request()
   counter = counter + 1
   local body = string.format('{"name":"Bench Write %d %d %d","shortDefinition":"A term written by the bench."}',
      counter, tid, os.time())
   return wrk.format("POST", "/terms", headers, body)
end
