-- wrk script for the end-to-end benchmark (Tools/bench/e2e_benchmark.py): every
-- request registers a new case with its own Idempotency-Key, its facts tagged
-- with the run so the benchmark finds its cases. Arguments: RUN TOKEN.
counter = 0
thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  run, token = args[1], args[2]
end

function request()
  counter = counter + 1
  local key = run .. "-" .. thread_id .. "-" .. counter
  local body = '{"channel":"visit","petitioner":{"name":"基准","phone":"13800001234"},'
    .. '"facts":"' .. run .. ' benchmark case ' .. key .. '","demand":"Benchmark.","category":"noise",'
    .. '"location":{"town":"kenli-street","community":"xingfu"}}'
  return wrk.format("POST", "/api/v1/cases", {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token, ["Idempotency-Key"] = key}, body)
end
