-- wrk script of bench/soak.sh: each connection cycles through a mix of dbt Cloud and Datacoves API requests.
-- Per 20 requests: 6 run lists, 4 run gets (with trigger and run steps), 3 job lists, 3 manifest artifact reads,
-- 2 file reads, 2 file uploads (a small run_results.json under a tag of its own). Environment variables (set by
-- bench/soak.sh): SOAK_KEY (API key), SOAK_RUNS (comma-separated run ids), SOAK_ARTIFACT_RUN (a run with a manifest).
local key = os.getenv("SOAK_KEY")
local runs = {}
for id in string.gmatch(os.getenv("SOAK_RUNS"), "[^,]+") do runs[#runs + 1] = id end
local artifact_run = os.getenv("SOAK_ARTIFACT_RUN")
local boundary = "----jade-soak"
local threads = {}
local counter = 0
statuses = {}
thread_id = 0

function setup(thread)
  thread:set("thread_id", #threads + 1)
  threads[#threads + 1] = thread
end

local function get(path)
  return wrk.format("GET", path, { ["Authorization"] = "Token " .. key })
end

local function upload()
  local tag = "soak-" .. thread_id .. "-" .. counter
  local body = "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\n" .. tag .. "\r\n--"
    .. boundary .. "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"run_results.json\"\r\n"
    .. "Content-Type: application/json\r\n\r\n{\"results\": [], \"elapsed_time\": " .. counter .. "}\r\n--"
    .. boundary .. "--\r\n"
  return wrk.format("POST", "/api/v2/datacoves/environments/dev123/files", {
    ["Authorization"] = "Token " .. key,
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary }, body)
end

function request()
  counter = counter + 1
  local k = counter % 20
  if k < 6 then return get("/api/v2/accounts/1/runs/?limit=100&order_by=-id")
  elseif k < 10 then return get("/api/v2/accounts/1/runs/" .. runs[counter % #runs + 1] .. "/?include_related=trigger,run_steps")
  elseif k < 13 then return get("/api/v2/accounts/1/jobs/")
  elseif k < 16 then return get("/api/v2/accounts/1/runs/" .. artifact_run .. "/artifacts/manifest.json")
  elseif k < 18 then return get("/api/v2/datacoves/environments/dev123/files?tag=soak-seed")
  else return upload() end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for code, n in pairs(s) do all[code] = (all[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(all) do parts[#parts + 1] = code .. "=" .. n end
  table.sort(parts)
  io.write("SOAK statuses " .. table.concat(parts, " ") .. "\n")
  io.write(string.format("SOAK latency p50 %.2f ms p99 %.2f ms max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("SOAK requests %d errors connect %d read %d write %d timeout %d status %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
end
