-- writes.lua: wrk script for bench/run's write load. Each request is a different durable write
-- through the API with a bearer token, cycling over the write paths that exist: a one-row unit
-- import (a new unit each time), a community setting change, a new community. Every one
-- commits with synchronous=FULL and its audit row, as in production.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
	thread:set("tid", #threads + 1)
	table.insert(threads, thread)
end

function init(args)
	token = os.getenv("BENCH_TOKEN")
	tid = tonumber(tid) or 0
end

local header = "building,stairwell,floor,room,area_m2\n"

function request()
	counter = counter + 1
	local kind = counter % 4
	local hdrs = { ["Authorization"] = "Bearer " .. token }
	if kind == 3 then
		hdrs["Content-Type"] = "application/json"
		local body = string.format('{"settings":{"notice_days":%d}}', 10 + counter % 20)
		return wrk.format("PATCH", "/api/v1/communities/1", hdrs, body)
	elseif kind == 2 and counter % 40 == 2 then
		hdrs["Content-Type"] = "application/json"
		local body = string.format('{"name":"bench-%d-%d"}', tid, counter)
		return wrk.format("POST", "/api/v1/communities", hdrs, body)
	end
	hdrs["Content-Type"] = "text/csv; charset=utf-8"
	-- building 100+thread, rooms numbered by the counter: a new unit every time
	local body = header .. string.format("%d,1,1,R%d,%d.%02d\n", 100 + tid, counter, 40 + counter % 70, counter % 100)
	return wrk.format("POST", "/api/v1/communities/1/units/import", hdrs, body)
end
