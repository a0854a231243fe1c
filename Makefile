# aicc: the two commands a newcomer needs are `make demo` and `make test`.
BUILD   ?= build
JOBS    ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test check-lit check-unit check-node check-models check-fixed check-cuda venv clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: $(BUILD)/build.ninja

build: deps configure
	cmake --build $(BUILD) -j $(JOBS)

# Compile the bundled digit classifier for this CPU and run it on held-out images.
demo: build
	@mkdir -p $(BUILD)/examples
	$(BUILD)/bin/aicc examples/digits/digits.onnx -target=cpu -o $(BUILD)/examples/digits.so
	$(BUILD)/bin/aicc-digits-demo $(BUILD)/examples/digits.so examples/digits/samples.bin
	@echo "expected accuracy (torch): $$(cat examples/digits/expected_accuracy.txt)"

venv: deps
	@bash scripts/make-venv.sh

# Everything: lit/FileCheck, unit tests, ONNX node tests, real networks.
test: build venv
	@bash scripts/run-tests.sh $(BUILD)

check-lit: build
	@bash scripts/run-tests.sh $(BUILD) lit
check-unit: build
	@bash scripts/run-tests.sh $(BUILD) unit
check-node: build venv
	@bash scripts/run-tests.sh $(BUILD) node
check-models: build venv
	@bash scripts/run-tests.sh $(BUILD) models
check-fixed: build venv
	@bash scripts/run-tests.sh $(BUILD) fixed
check-cuda: build venv
	@bash scripts/run-tests.sh $(BUILD) cuda

clean:
	rm -rf $(BUILD)
