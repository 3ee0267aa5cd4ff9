-- writes.lua: wrk script for bench/run's write load. Each request is a different durable write
-- through the API with a bearer token, cycling over the write paths: a one-row unit import (a new
-- unit each time), a community setting change (now and then a new community instead), a problem
-- report, an owner's paper ballot entered by staff, and a fee payment of 0.01 on a unit that
-- owes. Every one commits with synchronous=FULL and its audit row, as in production.
-- bench/run gives the token, the open decision, the file of its voters' owner_refs, the file of
-- owing units and the thread count in BENCH_* variables.
local counter = 0
local threads = {}

function setup(thread)
	thread:set("tid", #threads + 1)
	table.insert(threads, thread)
end

local function lines(path)
	local t = {}
	for l in io.lines(path) do
		if l ~= "" then t[#t + 1] = l end
	end
	return t
end

function init(args)
	token = os.getenv("BENCH_TOKEN")
	tid = tonumber(tid) or 1
	nthreads = tonumber(os.getenv("BENCH_THREADS")) or 1
	decision = os.getenv("BENCH_DECISION")
	voters = lines(os.getenv("BENCH_VOTERS"))
	units = lines(os.getenv("BENCH_UNITS"))
	-- each thread takes every nthreads-th voter, so no owner is sent two ballots
	next_voter = tid
end

local header = "building,stairwell,floor,room,area_m2\n"

local function json(method, path, hdrs, body)
	hdrs["Content-Type"] = "application/json"
	return wrk.format(method, path, hdrs, body)
end

local function problem(hdrs)
	local body = string.format('{"category":"other","description":"bench-%d-%d 楼道灯不亮","place":"bench"}', tid, counter)
	return json("POST", "/api/v1/communities/1/problems", hdrs, body)
end

function request()
	counter = counter + 1
	local kind = counter % 6
	local hdrs = { ["Authorization"] = "Bearer " .. token }
	if kind == 1 then
		if counter % 40 == 1 then
			return json("POST", "/api/v1/communities", hdrs, string.format('{"name":"bench-%d-%d"}', tid, counter))
		end
		return json("PATCH", "/api/v1/communities/1", hdrs, string.format('{"settings":{"notice_days":%d}}', 10 + counter % 20))
	elseif kind == 2 or kind == 5 then
		return problem(hdrs)
	elseif kind == 3 then
		-- every owner votes once: when this thread's share of the roll is used up, a report instead
		local ref = voters[next_voter]
		if ref == nil then return problem(hdrs) end
		next_voter = next_voter + nthreads
		local choices = { "yes", "no", "abstain" }
		local body = string.format('{"owner_ref":"%s","choice":"%s","channel":"paper","serial":"bench-%d-%d","signer":"bench"}',
			ref, choices[counter % 3 + 1], tid, counter)
		return json("POST", "/api/v1/decisions/" .. decision .. "/ballots", hdrs, body)
	elseif kind == 4 and #units > 0 then
		local body = string.format('{"unit_id":%s,"amount":"0.01","method":"cash","reference":"bench-%d-%d","payer":"bench"}',
			units[counter % #units + 1], tid, counter)
		return json("POST", "/api/v1/communities/1/payments", hdrs, body)
	end
	hdrs["Content-Type"] = "text/csv; charset=utf-8"
	-- building 100+thread, rooms numbered by the counter: a new unit every time
	local body = header .. string.format("%d,1,1,R%d,%d.%02d\n", 100 + tid, counter, 40 + counter % 70, counter % 100)
	return wrk.format("POST", "/api/v1/communities/1/units/import", hdrs, body)
end
