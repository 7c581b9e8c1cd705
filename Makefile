# kibana.connectors: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= $(CURDIR)/.venv
# `make demo` has its own small venv: ansible-core, requests and PyYAML (demo/requirements.txt), at the CI's pins
DEMO_VENV ?= $(CURDIR)/.venv-demo
export VENV

.PHONY: help demo test bench venv demo-venv clean

help:
	@echo "make demo   run the demo playbook (check+diff, then for real) against the Kibana test double,"
	@echo "            or against a real Kibana when KIBANA_ENDPOINT (and credentials) are set"
	@echo "make test   run the whole test suite, exactly as CI does (.ci/run)"
	@echo "make bench  benchmark: requests and time per task against hand-written uri tasks"

test:
	bash .ci/run

venv:
	@bash .ci/venv >/dev/null

demo-venv:
	@VENV="$(DEMO_VENV)" REQUIREMENTS=demo/requirements.txt bash .ci/venv >/dev/null

demo: demo-venv
	VENV="$(DEMO_VENV)" bash demo/run

bench: venv
	$(VENV)/bin/python tests/bench/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(DEMO_VENV) tests/output .ansible dist
