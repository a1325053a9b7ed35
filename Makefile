# The README's two commands: `make run` and `make test`. Each first installs what is
# missing (Debian packages with apt-get; the grammar is fetched by CMake with npm).
BUILD_DIR ?= build
TEST_BUILD_DIR ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# Libraries are checked as Debian packages; tools by command, since npm or cmake may
# come from elsewhere (e.g. Node.js's own packages, whose npm conflicts with Debian's).
LIBRARY_PACKAGES = libtree-sitter-dev libyaml-dev libpcre2-dev libcjson-dev
TOOL_PACKAGES = cmake:cmake gcc:gcc pkg-config:pkg-config npm:npm
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run test clean format

deps:
	@missing=""; for package in $(LIBRARY_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	done; \
	for pair in $(TOOL_PACKAGES); do \
	  command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $(SUDO) apt-get install -y --no-install-recommends $$missing || \
	  { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends $$missing; }; \
	fi

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The demo: audit the bundled example service. It has findings on purpose, so the
# binary exits 1; the demo itself succeeds.
run: build
	./$(BUILD_DIR)/servelint fixtures/churn-service || [ $$? -eq 1 ]

test: deps
	cmake -S . -B $(TEST_BUILD_DIR) -DCMAKE_BUILD_TYPE=Debug -DSL_SANITIZE=ON
	cmake --build $(TEST_BUILD_DIR) -j $(JOBS)
	ctest --test-dir $(TEST_BUILD_DIR) --output-on-failure -j $(JOBS)

format:
	clang-format -i src/*.c include/servelint/*.h tests/unit/*.c tests/unit/*.h

clean:
	rm -rf $(BUILD_DIR) $(TEST_BUILD_DIR)
