# smecredit — the commands a developer types. See README.md.
#   make run     install deps, build Release and the console, serve on http://127.0.0.1:8080
#   make test    install deps, build with ASan+UBSan and the console, run the whole suite
#                (C++ tests, the console's unit tests, its browser tests in Chromium)
#   make lint    clang-format and clang-tidy over src/, tests/ and bench/

JOBS ?= $(shell nproc)
PORT ?= 8080
DB ?= var/smecredit.db
CMAKE_COMMON = -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON

.PHONY: all deps build build-debug build-asan build-clang web run test lint format bench clean

all: build

deps:
	@scripts/install-deps

build/release/build.ninja:
	cmake -S . -B build/release $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Release -DSMECREDIT_BUILD_TESTS=OFF

build/debug/build.ninja:
	cmake -S . -B build/debug $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug

build/asan/build.ninja:
	cmake -S . -B build/asan $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSMECREDIT_SANITIZE=ON \
	  -DSMECREDIT_BUILD_PEER_BENCHMARKS=OFF

build/clang/build.ninja:
	CXX=clang++ cmake -S . -B build/clang $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug

build: deps build/release/build.ninja
	cmake --build build/release -j $(JOBS)

build-debug: deps build/debug/build.ninja
	cmake --build build/debug -j $(JOBS)

build-asan: deps build/asan/build.ninja
	cmake --build build/asan -j $(JOBS)

build-clang: deps build/clang/build.ninja
	cmake --build build/clang -j $(JOBS)

# The web console (web/): packages from the npm registry as package-lock.json
# pins them, then a TypeScript check and a Vite build into web/dist, which
# the server serves at /.
WEB_SOURCES = $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
  web/package.json web/vite.config.ts web/tsconfig.json

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build

web: deps web/dist/index.html

# The platform, the provider and bank simulators, demo data and the console
# (scripts/run-demo); secrets are made once in var/ (mode 600).
run: build web
	PORT=$(PORT) DB=$(DB) scripts/run-demo

test: build-asan web
	cd build/asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

bench: build
	build/release/smecredit bench json --json
	build/release/smecredit bench http --json

lint: deps build/clang/build.ninja
	scripts/lint

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc' 'bench/*.h')

clean:
	rm -rf build web/dist
