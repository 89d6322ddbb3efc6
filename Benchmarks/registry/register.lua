-- wrk script: every request registers a new, distinct JSON Schema under one subject.
-- Each wrk thread numbers its own requests; the thread id keeps schemas distinct across threads.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  subject = args[1] or "bench-register"
end

request = function()
  counter = counter + 1
  local schema = string.format(
    '{\\"type\\":\\"object\\",\\"properties\\":{\\"t%d_n%d\\":{\\"type\\":\\"integer\\"}}}', tid, counter)
  local body = '{"schemaType":"JSON","schema":"' .. schema .. '"}'
  return wrk.format("POST", "/subjects/" .. subject .. "/versions",
    {["Content-Type"] = "application/vnd.schemaregistry.v1+json"}, body)
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx responses: %d, socket errors: %d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
