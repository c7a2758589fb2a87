# Praxis-Assistent. The two commands for a fresh machine are `make run` and `make test`.
VENV     := .venv
PYTHON   := $(VENV)/bin/python
RASA     := $(VENV)/bin/rasa
MODEL    := models/praxis-assistent.tar.gz
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL   := 2

# Everything the trained model depends on; a change retrains it.
TRAINING_INPUTS := config.yml domain.yml red_flags.yml $(wildcard data/*.yml) \
                   $(wildcard red_flag_corpus/train/*.yml) \
                   $(wildcard components/*.py) $(VENV)/spacy-pipeline.txt

.PHONY: setup train run test bench clean check review content purge lint format

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt constraints.txt scripts/setup.sh
	bash scripts/setup.sh
	touch $@

$(VENV)/spacy-pipeline.txt: $(VENV)/.installed

train: $(MODEL)

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	$(RASA) train --force --fixed-model-name praxis-assistent --out models
	@touch $@

# Rasa server (REST channel and API, port 5005), action server (5055), web page (8080).
run: $(MODEL)
	bash scripts/run.sh

# All tests: unit tests, data validation, NLU held-out accuracy, red flags and
# opening hours over REST, end-to-end test stories.
test: $(MODEL)
	bash scripts/test.sh

# Training time, latencies, throughput and memory (not part of the tests).
bench: $(MODEL)
	$(PYTHON) scripts/bench.py

# Style: ruff finds errors and unsorted imports; `make format` rewrites the code.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check actions components staff scripts tests
	$(VENV)/bin/ruff format --check actions components staff scripts tests

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix actions components staff scripts tests
	$(VENV)/bin/ruff format actions components staff scripts tests

# --- For the practice staff (docs/praxisteam.md) ---------------------------------
# Checks every file staff edit, in seconds, with file and line (no training).
check: $(VENV)/.installed
	$(PYTHON) -m staff.check $(ARGS)

# What patients asked that the assistant did not understand: make review ARGS="--since 2026-11-01"
review: $(VENV)/.installed
	$(PYTHON) -m staff.review $(ARGS)

# One HTML page with every answer, example question, the hours and the warning signs.
content: $(VENV)/.installed
	$(PYTHON) -m staff.content_page

# Deletes conversations older than the retention period (practice.yml, datenschutz).
purge: $(VENV)/.installed
	$(PYTHON) -m staff.purge

clean:
	rm -rf models .rasa results rasa.db
