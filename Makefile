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
                   $(filter-out components/tracker_store.py components/lock_store.py,$(wildcard components/*.py)) \
                   $(VENV)/spacy-pipeline.txt

.PHONY: setup train run test bench clean check review content purge lint format setup-prod run-prod test-prod

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt constraints.txt package-lock.json scripts/setup.sh
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

# Production profile (issue 11, README "Produktionsprofil"): nginx (8405), two Rasa
# instances (5405, 5406), action server (5455), PostgreSQL, Redis (6405). Needs root.
setup-prod: $(VENV)/.installed
	bash scripts/setup_prod.sh

run-prod: $(MODEL) setup-prod
	bash scripts/run_prod.sh

# Tests of the production profile (a few minutes; root): shared history across
# instances, a killed instance, a restart, concurrent messages (lock store).
test-prod: $(MODEL) setup-prod
	PRAXIS_TEST_PROD=1 $(PYTHON) -m pytest tests/test_prod_profile.py tests/test_lock_store.py

# All tests: unit tests, data validation, NLU held-out accuracy, red flags and
# opening hours over REST, end-to-end test stories.
test: $(MODEL)
	bash scripts/test.sh

# The speed table of issue 11 next to the stock `rasa init` assistant (not part of
# the tests; ~10 min). Quicker, without the training time: make bench ARGS=--ohne-training
bench: $(MODEL)
	$(PYTHON) scripts/bench.py $(ARGS)

# Style: ruff finds errors and unsorted imports; `make format` rewrites the code.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check actions channels components staff scripts tests
	$(VENV)/bin/ruff format --check actions channels components staff scripts tests

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix actions channels components staff scripts tests
	$(VENV)/bin/ruff format actions channels components staff scripts tests

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
