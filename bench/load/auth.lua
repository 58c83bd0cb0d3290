-- wrk script: sends the API key (env QUARRY_KEY) on every request, counts responses by status (2xx, 4xx, 429 with and
-- without Retry-After, 5xx) across all threads, and prints one summary line with requests/s and p50/p99 in ms.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("QUARRY_KEY")
  ok, client_errors, limited, limited_with_retry_after, server_errors = 0, 0, 0, 0, 0
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  elseif status == 429 then
    limited = limited + 1
    if headers["Retry-After"] ~= nil then limited_with_retry_after = limited_with_retry_after + 1 end
  elseif status >= 400 then
    client_errors = client_errors + 1
  elseif status >= 200 and status < 300 then
    ok = ok + 1
  end
end

function done(summary, latency, requests)
  local t = { ok = 0, client_errors = 0, limited = 0, limited_with_retry_after = 0, server_errors = 0 }
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
  end
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f 2xx=%d 4xx_other=%d 429=%d 429_with_retry_after=%d 5xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    t.ok, t.client_errors, t.limited, t.limited_with_retry_after, t.server_errors,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
