-- Lean throughput script: request generation only, no response() or done() callback, so wrk stays
-- on its fast path (with a response() callback wrk parses every answer into Lua and the client, not
-- the server, sets the pace). Status counts come from the service's own counters (/q/metrics) or from wrk's own
-- "Non-2xx or 3xx responses" line.
--
--   wrk ... -s lean.lua URL -- requests.txt
--
-- Each line of the file is a path, or "path<TAB>etag" (sent with If-None-Match: etag, so 304 is the
-- expected answer). All requests are formatted once in init(); request() only picks one at random.
local requests = {}

-- setup() runs once per thread before init() and numbers the threads (tid).
if not setup then
   local threads = 0
   function setup(thread)
      threads = threads + 1
      thread:set("tid", threads)
   end
end

function init(args)
   local file = assert(io.open(args[1], "r"), "cannot read " .. tostring(args[1]))
   for line in file:lines() do
      local path, etag = line:match("^([^\t]+)\t(.+)$")
      if path then
         table.insert(requests, wrk.format("GET", path, { ["If-None-Match"] = etag }))
      elseif line ~= "" then
         table.insert(requests, wrk.format("GET", line))
      end
   end
   file:close()
   assert(#requests > 0, args[1] .. " is empty")
   -- Every thread a different sequence, the same on every run.
   math.randomseed(1000 + (tid or 0))
end

function request()
   return requests[math.random(#requests)]
end
