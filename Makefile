# Makefile: the two commands (run, check) and their helpers. Meson + Ninja do the building.
.PHONY: run check build build-san deps fuzz bench scan clean

DB ?= var/yuanli.db
LISTEN ?= 127.0.0.1:8080

run: deps build
	@test -f $(DB) || ./build/yuanli demo --db $(DB)
	@echo
	@echo "  Yuanli is at http://$(LISTEN)/"
	@echo "  Demo logins (password yuanli-demo): admin, staff, head, owner, committee, volunteer, org, parks, district"
	@echo "  Stop with Ctrl-C."
	@echo
	./build/yuanli serve --db $(DB) --listen $(LISTEN)

check: deps
	@scripts/check

build:
	@test -f build/build.ninja || meson setup build --buildtype=release >/dev/null
	ninja -C build

build-san:
	@test -f build-san/build.ninja || meson setup build-san --buildtype=debug \
	    -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true >/dev/null
	ninja -C build-san

deps:
	@scripts/deps

# libFuzzer runs of every target, FUZZ_SECONDS each (default 60); new inputs go to the corpus.
fuzz: deps
	@scripts/fuzz

bench: deps build
	@bench/run

# wapiti and sqlmap against a running demo, anonymous and as an owner (SECURITY.md)
scan: deps
	@scripts/scan

clean:
	rm -rf build build-san build-fuzz
