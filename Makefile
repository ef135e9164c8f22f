# Two commands on a fresh machine:
#   make serve   set up, build the release wasm, serve the playground at http://127.0.0.1:8080
#   make test    set up and run every check
.PHONY: setup serve dist test bench bench-page clean
PORT ?= 8080

setup:
	@bash scripts/setup.sh

dist: setup
	@bash scripts/build-dist.sh

serve: dist
	@python3 scripts/serve.py dist --port $(PORT)

test: setup
	@bash scripts/test.sh

# Every benchmark of BENCHMARKS.md (bulk vs smoltcp, 10,000 connections, wasm vs native);
# several minutes, and not part of `make test`.
bench: dist
	@bash scripts/bench.sh

# Page figures in headless Chromium: load time, bundle size, frame times under load.
bench-page: dist
	@cd tests && node bench-page.mjs

clean:
	rm -rf dist target/pkg tests/screenshots
